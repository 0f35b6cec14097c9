/* A buggy or hostile C driver against the installed library: NULL and every
 * single-bit change of real handles given to every entry point that takes a
 * handle, and a registry created with too little memory. Each must be
 * refused with a status, at once: an alarm ends the program if a call spins.
 * Built only from the installed header and pkg-config, like driver_check. */
#include <ndischimney_registry.h>

#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"

#if defined(__SANITIZE_ADDRESS__)
#define NDIS_CHIMNEY_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NDIS_CHIMNEY_TEST_ASAN 1
#endif
#endif

static int calls;

static VOID NDIS_CHIMNEY_CC Counted(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
    calls++;
}

static NDIS_STATUS Install(NDIS_HANDLE NdisHandle) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Counted, Counted, Counted, Counted, Counted, NULL};
    return NdisSetOptionalHandlers(NdisHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

/* Every entry point that takes a binding handle refuses Handle. */
static void RefusedAsBinding(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Handle) {
    NDIS_CHIMNEY_COMPLETION Completion = {0};
    Completion.BindingHandle = Handle;
    Completion.EntryPoint = NdisChimneyQueryOffloadComplete;
    CHECK_EQ(NdisChimneyDispatch(Registry, Handle, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatchBatch(Registry, &Completion, 1), 0);
    CHECK_EQ(NdisChimneyCloseBinding(Handle), NDIS_STATUS_INVALID_PARAMETER);
}

/* Every entry point that takes a driver handle refuses Handle. */
static void RefusedAsDriver(NDIS_HANDLE Handle) {
    NDIS_HANDLE Binding = NULL;
    CHECK_EQ(Install(Handle), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyOpenBinding(Handle, NULL, &Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Handle), NDIS_STATUS_INVALID_PARAMETER);
}

static NDIS_HANDLE Flip(NDIS_HANDLE Handle, int Bit) {
    return (NDIS_HANDLE)((uintptr_t)Handle ^ ((uintptr_t)1 << Bit));
}

/* NdisChimneyCreateRegistry with 2 MiB of address space to spare: the
 * largest registry cannot fit, and the answer is RESOURCES, not an abort. */
static void CreateWithoutMemory(void) {
#ifdef NDIS_CHIMNEY_TEST_ASAN
    printf("hostile_check: skipped the out-of-memory check (AddressSanitizer reserves the address space)\n");
#else
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    struct rlimit Saved, Tight;
    unsigned long Pages = 0;
    FILE *Statm = fopen("/proc/self/statm", "r");
    CHECK(Statm != NULL && fscanf(Statm, "%lu", &Pages) == 1);
    if (Statm != NULL) fclose(Statm);
    CHECK_EQ(getrlimit(RLIMIT_AS, &Saved), 0);
    Tight = Saved;
    Tight.rlim_cur = (rlim_t)Pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)2 << 20);
    CHECK_EQ(setrlimit(RLIMIT_AS, &Tight), 0);
    CHECK_EQ(NdisChimneyCreateRegistry(65535, 65535, &Registry), NDIS_STATUS_RESOURCES);
    CHECK(Registry == NULL);
    CHECK_EQ(setrlimit(RLIMIT_AS, &Saved), 0);
    CHECK_EQ(NdisChimneyCreateRegistry(65535, 65535, &Registry), NDIS_STATUS_SUCCESS);
    NdisChimneyDestroyRegistry(Registry);
#endif
}

int main(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Drivers[3] = {NULL, NULL, NULL};
    NDIS_HANDLE Binding = NULL;
    int Bit;

    alarm(60); /* a call that spins fails the check instead of hanging it */

    /* On a fresh registry, NULL is no driver and no binding. */
    CHECK_EQ(NdisChimneyCreateRegistry(2, 2, &Registry), NDIS_STATUS_SUCCESS);
    RefusedAsDriver(NULL);
    RefusedAsBinding(Registry, NULL);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[0]), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[1]), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[2]), NDIS_STATUS_RESOURCES);
    CHECK(Drivers[0] != Drivers[1]);

    /* A new driver has no entry points, whatever was tried before. */
    CHECK_EQ(NdisChimneyOpenBinding(Drivers[0], NULL, &Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(Install(Drivers[0]), NDIS_STATUS_SUCCESS);

    /* Every single-bit change of a real handle is refused, by every entry. */
    for (Bit = 0; Bit < 64; Bit++) {
        RefusedAsBinding(Registry, Flip(Binding, Bit));
        RefusedAsDriver(Flip(Drivers[0], Bit));
    }
    RefusedAsBinding(Registry, Drivers[0]);
    RefusedAsDriver(Binding);
    CHECK_EQ(calls, 0);

    /* The real handles still work, and a closed one is refused. */
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0), NDIS_STATUS_SUCCESS);
    CHECK_EQ(calls, 1);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Drivers[0]), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyCloseBinding(Binding), NDIS_STATUS_SUCCESS);
    RefusedAsBinding(Registry, Binding);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Drivers[0]), NDIS_STATUS_SUCCESS);
    RefusedAsDriver(Drivers[0]);
    NdisChimneyDestroyRegistry(Registry);
    RefusedAsDriver(Drivers[1]);

    CreateWithoutMemory();
    return check_summary("hostile_check");
}
