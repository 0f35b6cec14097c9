/* A program that loads the installed library with dlopen, creates and
 * destroys a registry, and unloads it, a thousand times: the memory the
 * library allocates for its own bookkeeping (the registry directory, made
 * by the first creation) goes when it is unloaded, so the heap does not
 * grow with the cycles. dlopen itself keeps a few bytes per cycle; the
 * directory alone is over 8 KiB.
 *   unload_check PATH-OF-libndischimney.so */
#include <ndischimney_registry.h>

#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>

#include "check.h"

typedef NDIS_STATUS(NDIS_CHIMNEY_CC *CREATE)(ULONG, ULONG, PNDIS_CHIMNEY_REGISTRY *);
typedef NDIS_STATUS(NDIS_CHIMNEY_CC *DESTROY)(PNDIS_CHIMNEY_REGISTRY);

/* Loads the library, creates and destroys a registry, unloads it. */
static void Cycle(const char *Path) {
    void *Library = dlopen(Path, RTLD_NOW | RTLD_LOCAL);
    CREATE Create;
    DESTROY Destroy;
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    CHECK(Library != NULL);
    if (Library == NULL) return;
    *(void **)&Create = dlsym(Library, "NdisChimneyCreateRegistry");
    *(void **)&Destroy = dlsym(Library, "NdisChimneyDestroyRegistry");
    CHECK(Create != NULL && Destroy != NULL);
    if (Create != NULL && Destroy != NULL) {
        CHECK_EQ(Create(1, 1, &Registry), NDIS_STATUS_SUCCESS);
        CHECK_EQ(Destroy(Registry), NDIS_STATUS_SUCCESS);
    }
    CHECK_EQ(dlclose(Library), 0);
}

int main(int argc, char **argv) {
    const int Cycles = 1000;
    size_t Before;
    long Growth;
    int Index;
    if (argc != 2) {
        fprintf(stderr, "usage: unload_check PATH-OF-libndischimney.so\n");
        return 2;
    }
    Cycle(argv[1]); /* the first load's one-time costs are not the library's */
    Before = mallinfo2().uordblks;
    for (Index = 0; Index < Cycles; Index++) Cycle(argv[1]);
    Growth = (long)(mallinfo2().uordblks - Before);
    printf("unload_check: the heap grew by %ld bytes over %d load, create, destroy, unload cycles\n", Growth,
           Cycles);
    CHECK(Growth < 64L * Cycles);
    return check_summary("unload_check");
}
