/* The promise "all of its memory is allocated at creation", checked against
 * the installed library in every sense the header gives it:
 *  - after NdisChimneyCreateRegistry returns, no call on the registry or on
 *    any handle calls malloc (or calloc, realloc, posix_memalign, ...),
 *    counted by the allocator this program puts in front of libc's, and that
 *    holds for the first call of each kind in the process too: nothing is
 *    set up lazily on first use, and a message goes straight into the
 *    caller's buffer;
 *  - before any registry exists, calls with forged handles allocate nothing;
 *  - NdisChimneyCreateRegistry answers NDIS_STATUS_RESOURCES, never a crash,
 *    when memory is exhausted (the address space capped and every malloc
 *    size class filled, not only the top chunk), leaks nothing when it does,
 *    and succeeds once enough is freed;
 *  - every entry point runs on a thread whose stack is 16 KiB;
 *  - all of this for the offload loop too (NdisChimneyCreateRegistryEx, the
 *    offload target's side, the WDK's routines, a refusal and its hook).
 * Each part runs in a child process of its own, so that each starts with no
 * registry ever made in the process. Built from the installed header and
 * pkg-config alone, like driver_check. */
#include <ndischimney_offload.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_CHECK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMORY_CHECK_ASAN 1
#endif
#endif

/* --- the counting allocator ------------------------------------------------
 * Every allocation function glibc offers, forwarded to glibc's own, counted
 * while `Armed`. The library reaches these through the dynamic linker like
 * any other caller of malloc. (Not under AddressSanitizer, which owns them.) */
#ifndef MEMORY_CHECK_ASAN
static volatile int Armed;
/* Calls made while armed, and blocks allocated then and not yet freed. */
static volatile long Allocations, Live;

extern void *__libc_malloc(size_t Size);
extern void *__libc_calloc(size_t Count, size_t Size);
extern void *__libc_realloc(void *Pointer, size_t Size);
extern void *__libc_memalign(size_t Alignment, size_t Size);
extern void __libc_free(void *Pointer);

static void *Count(void *Block) {
    if (Armed) {
        Allocations++;
        if (Block != NULL) Live++;
    }
    return Block;
}

void *malloc(size_t Size) { return Count(__libc_malloc(Size)); }
void *calloc(size_t Count_, size_t Size) { return Count(__libc_calloc(Count_, Size)); }
void *realloc(void *Pointer, size_t Size) {
    if (Armed && Pointer != NULL) Live--;
    return Count(__libc_realloc(Pointer, Size));
}
void *memalign(size_t Alignment, size_t Size) { return Count(__libc_memalign(Alignment, Size)); }
void *aligned_alloc(size_t Alignment, size_t Size) { return Count(__libc_memalign(Alignment, Size)); }
void *valloc(size_t Size) { return Count(__libc_memalign((size_t)sysconf(_SC_PAGESIZE), Size)); }
int posix_memalign(void **Pointer, size_t Alignment, size_t Size) {
    *Pointer = Count(__libc_memalign(Alignment, Size));
    return *Pointer == NULL ? ENOMEM : 0;
}
void free(void *Pointer) {
    if (Armed && Pointer != NULL) Live--;
    __libc_free(Pointer);
}
#endif

/* --- every entry point, as a driver uses them ------------------------------ */

static int Delivered;

static VOID NDIS_CHIMNEY_CC Completed(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
    Delivered++;
}

static NDIS_STATUS Install(NDIS_HANDLE NdisHandle, UCHAR Type, UCHAR Revision) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {Type, Revision, sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Completed, Completed, NULL, Completed, Completed, NULL};
    return NdisSetOptionalHandlers(NdisHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

/* Validation of every ABI, valid and refused, with and without a message. */
static void Validate(void) {
    unsigned char Image[56] = {0x8E, 1, 56, 0};
    char Message[160];
    int Abi;
    for (Abi = NdisChimneyAbiHost; Abi <= NdisChimneyAbiArm; Abi++) {
        CHECK_EQ(NdisChimneyValidateImage(Image, sizeof Image, (NDIS_CHIMNEY_ABI)Abi, Message, sizeof Message),
                 NDIS_STATUS_SUCCESS);
    }
    Image[4] = 1; /* Flags */
    CHECK_EQ(NdisChimneyValidateImage(Image, sizeof Image, NdisChimneyAbiX64, Message, sizeof Message),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK(strcmp(Message, "Flags is 0x00000001, expected 0 (reserved for system use)") == 0);
    CHECK_EQ(NdisChimneyValidateImage(Image, 3, NdisChimneyAbiX86, Message, sizeof Message),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK(strcmp(Message, "Header is truncated: 3 bytes available, expected at least 4") == 0);
    CHECK_EQ(NdisChimneyValidateImage(Image, sizeof Image, NdisChimneyAbiX86, NULL, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyValidateImage(NULL, 8, NdisChimneyAbiX64, Message, sizeof Message),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK(strcmp(Message, "Image is NULL, expected 8 bytes") == 0);
    CHECK_EQ(NdisChimneyValidateImage(Image, sizeof Image, (NDIS_CHIMNEY_ABI)9, Message, 13),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK(strcmp(Message, "Abi is 9, ex") == 0);
}

static VOID NDIS_CHIMNEY_CC Requested(NDIS_HANDLE Adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    (void)Adapter;
    (void)List;
    Delivered++;
}

static int Hooked;

static VOID NDIS_CHIMNEY_CC Hook(PVOID Context, NDIS_HANDLE Handle, ULONG Routine, PVOID List, ULONG Reason) {
    (void)Context;
    (void)Handle;
    (void)Routine;
    (void)List;
    (void)Reason;
    Hooked++;
}

/* Every call that takes a handle, given handles no registry gave out; a
 * batch with statuses through a registry that is none; each status's text. */
static void Forged(void) {
    NDIS_HANDLE Forged = (NDIS_HANDLE)(uintptr_t)0x5a5a5a5a5a5a5a41u, Out = NULL;
    NDIS_HANDLE Values[2];
    NDIS_CHIMNEY_COMPLETION Batch[2] = {{NULL, NULL, NdisChimneyQueryOffloadComplete, 0},
                                        {NULL, NULL, NdisChimneyQueryOffloadComplete, 0}};
    NDIS_STATUS Statuses[2] = {0, 0};
    int Index;
    Values[0] = NULL;
    Values[1] = Forged;
    Batch[1].BindingHandle = Forged;
    for (Index = 0; Index < 2; Index++) {
        CHECK_EQ(NdisChimneyCloseBinding(Values[Index]), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Values[Index]), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(Install(Values[Index], NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 1),
                 NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyOpenBinding(Values[Index], NULL, &Out), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyDeregisterMiniportDriver(Values[Index]), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyAddAdapter(Values[Index], NULL, &Out), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyRemoveAdapter(Values[Index]), NDIS_STATUS_INVALID_PARAMETER);
        CHECK_EQ(NdisChimneyOpenAdapterBinding(Values[Index], Values[Index], NULL, &Out),
                 NDIS_STATUS_INVALID_PARAMETER);
        NdisQueryOffloadState(Values[Index], NULL);
        NdisMQueryOffloadStateComplete(Values[Index], NULL);
        NdisMOffloadEventIndicate(Values[Index], NULL, NeighborReachabilityInDoubt);
        CHECK_EQ(NdisChimneyDispatchBatchEx((PNDIS_CHIMNEY_REGISTRY)Values[Index], Batch, 2, Statuses), 0);
        CHECK_EQ(Statuses[1], NDIS_STATUS_INVALID_PARAMETER);
    }
    CHECK(strcmp(NdisChimneyStatusText(NDIS_STATUS_INVALID_PARAMETER), "NDIS_STATUS_INVALID_PARAMETER") == 0);
    CHECK(strcmp(NdisChimneyStatusText((NDIS_STATUS)7), "unknown NDIS_STATUS") == 0);
}

/* The offload loop on a registry made by NdisChimneyCreateRegistryEx: a
 * request completed at once, one completed twice (refused, hooked), an
 * event, the counts, and the teardown of its side. */
static void ExerciseOffload(PNDIS_CHIMNEY_REGISTRY Registry) {
    NDIS_HANDLE Protocol = NULL, Miniport = NULL, Adapter = NULL, Binding = NULL;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_CHIMNEY_ADAPTER_COUNTS Counts;
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Provider = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
         sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Requested, Requested, Requested, Requested, Requested};
    int Before = Delivered;

    memset(&List, 0, sizeof List);
    CHECK_EQ(NdisChimneySetOffloadHook(Registry, Hook, NULL), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Install(Protocol, NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 1),
             NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterMiniportDriver(Registry, &Miniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisSetOptionalHandlers(Miniport, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Provider), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyAddAdapter(Miniport, NULL, &Adapter), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Protocol, Adapter, NULL, &Binding), NDIS_STATUS_SUCCESS);
    NdisQueryOffloadState(Binding, &List);
    NdisMQueryOffloadStateComplete(Adapter, (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)(void *)&List);
    NdisMQueryOffloadStateComplete(Adapter, (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)(void *)&List);
    NdisMOffloadEventIndicate(Adapter, NULL, NeighborReachabilityInDoubt);
    CHECK_EQ(Delivered - Before, 2); /* the request, then its one completion */
    CHECK_EQ(Hooked, 1);
    CHECK_EQ(NdisChimneyQueryAdapterCounts(Adapter, &Counts), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Counts.RefusedCompletions, 1);
    CHECK_EQ(NdisChimneyRemoveAdapter(Adapter), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyCloseBinding(Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRemoveAdapter(Adapter), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterMiniportDriver(Miniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneySetOffloadHook(Registry, NULL, NULL), NDIS_STATUS_SUCCESS);
}

/* Every entry point on a registry made by the caller, each status of each. */
static void Exercise(PNDIS_CHIMNEY_REGISTRY Registry) {
    NDIS_HANDLE Driver = NULL, Second = NULL, Binding = NULL, Spare = NULL;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    int Context = 0;

    memset(&List, 0, sizeof List);
    Validate();
    Forged();
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Second), NDIS_STATUS_RESOURCES);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver((PNDIS_CHIMNEY_REGISTRY)NULL, &Second), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Install(Driver, NDIS_OBJECT_TYPE_DEFAULT, 1), NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(Install(Driver, NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisSetOptionalHandlers(Driver, NULL), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Install(Driver, NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 1),
             NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenBinding(Driver, &Context, &Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenBinding(Driver, &Context, &Spare), NDIS_STATUS_RESOURCES);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, &List, 0), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyUpdateOffloadComplete, &List, 0),
             NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyEntryPointCount, &List, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatch(Registry, Driver, NdisChimneyQueryOffloadComplete, &List, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    {
        /* Delivered, no event handler, a driver's handle: one delivery. */
        NDIS_CHIMNEY_COMPLETION Batch[3] = {{NULL, NULL, NdisChimneyInitiateOffloadComplete, 0},
                                            {NULL, NULL, NdisChimneyIndicateOffloadEvent, 0},
                                            {NULL, NULL, NdisChimneyInitiateOffloadComplete, 0}};
        Batch[0].BindingHandle = Batch[1].BindingHandle = Binding;
        Batch[2].BindingHandle = Driver;
        Batch[0].OffloadBlockList = Batch[1].OffloadBlockList = Batch[2].OffloadBlockList = &List;
        CHECK_EQ(NdisChimneyDispatchBatch(Registry, Batch, 3), 1);
        {
            NDIS_STATUS Statuses[3] = {0, 0, 0};
            CHECK_EQ(NdisChimneyDispatchBatchEx(Registry, Batch, 3, Statuses), 1);
            CHECK_EQ(Statuses[0], NDIS_STATUS_SUCCESS);
            CHECK_EQ(Statuses[1], NDIS_STATUS_NOT_SUPPORTED);
            CHECK_EQ(Statuses[2], NDIS_STATUS_INVALID_PARAMETER);
            CHECK(strcmp(NdisChimneyStatusText(Statuses[1]), "NDIS_STATUS_NOT_SUPPORTED") == 0);
        }
    }
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Driver), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyCloseBinding(Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBinding(Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, &List, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Driver), NDIS_STATUS_SUCCESS);
    Forged();
    CHECK_EQ(Delivered, 3);
}

/* Runs Part in a child process and counts its checks as this process's:
 * the child exits with its number of failed checks, and a child that dies
 * (a crash, an abort, a stack overflow) fails the check. */
static void InChild(const char *Name, void (*Part)(void)) {
    int Status = 0;
    pid_t Child;
    fflush(stdout);
    fflush(stderr);
    Child = fork();
    if (Child == 0) {
        Part();
        fflush(stdout);
        _exit(check_failed > 125 ? 125 : check_failed);
    }
    CHECK(Child > 0 && waitpid(Child, &Status, 0) == Child);
    if (WIFSIGNALED(Status)) fprintf(stderr, "memory_check: %s: killed by signal %d\n", Name, WTERMSIG(Status));
    if (WIFEXITED(Status) && WEXITSTATUS(Status) != 0)
        fprintf(stderr, "memory_check: %s: %d checks failed\n", Name, WEXITSTATUS(Status));
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
}

/* --- after creation, nothing allocates ------------------------------------- */

#ifndef MEMORY_CHECK_ASAN
static void NothingAllocatesAfterCreation(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    Armed = 1;
    Forged(); /* before any registry: the very first calls of the process */
    Validate();
    Armed = 0;
    CHECK_EQ(Allocations, 0);
    CHECK_EQ(NdisChimneyCreateRegistry(1, 1, &Registry), NDIS_STATUS_SUCCESS);
    Armed = 1;
    Exercise(Registry);
    NdisChimneyDestroyRegistry(Registry);
    Armed = 0;
    CHECK_EQ(Allocations, 0);
    CHECK_EQ(NdisChimneyCreateRegistryEx(1, 1, 1, 1, &Registry), NDIS_STATUS_SUCCESS);
    Armed = 1;
    ExerciseOffload(Registry);
    NdisChimneyDestroyRegistry(Registry);
    Armed = 0;
    CHECK_EQ(Allocations, 0);
    printf("memory_check: %ld allocations after creation (first calls of every entry point included)\n",
           Allocations);
}

/* --- exhausted memory ------------------------------------------------------ */
#define MAX_BLOCKS (1 << 20)
static void *Blocks[MAX_BLOCKS];
static int BlockCount;

/* Allocates blocks of Size until malloc refuses. */
static void Fill(size_t Size) {
    while (BlockCount < MAX_BLOCKS) {
        void *Block = malloc(Size);
        if (Block == NULL) return;
        Blocks[BlockCount++] = Block;
    }
}

/* Caps the address space at what is mapped now plus Spare bytes. */
static int CapAddressSpace(rlim_t Spare) {
    unsigned long Pages = 0;
    struct rlimit Limit;
    FILE *Statm = fopen("/proc/self/statm", "r");
    if (Statm == NULL) return 0;
    if (fscanf(Statm, "%lu", &Pages) != 1) Pages = 0;
    fclose(Statm);
    if (Pages == 0 || getrlimit(RLIMIT_AS, &Limit) != 0) return 0;
    Limit.rlim_cur = (rlim_t)Pages * (rlim_t)sysconf(_SC_PAGESIZE) + Spare;
    return setrlimit(RLIMIT_AS, &Limit) == 0;
}

/* The process's first creation, with no memory left: every size class is
 * filled, large to small, then each exact small size, so that no free chunk
 * of any bin and no room to grow is left. Then blocks are freed one at a
 * time, newest first, with a creation tried after each: every answer is
 * SUCCESS or RESOURCES, a refusal leaks nothing, and creation succeeds once
 * there is room, having failed at several of its allocations on the way. */
static void CreateWithMemoryExhausted(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    size_t Size;
    int Refused = 0, Created = 0, Tries = 0;
    CHECK(CapAddressSpace((rlim_t)4 << 20));
    for (Size = (size_t)1 << 20; Size >= 16; Size /= 2) Fill(Size);
    for (Size = 16; Size <= 1024; Size += 16) Fill(Size);
    for (Size = 1; Size < 16; Size++) Fill(Size);
    CHECK(malloc(1) == NULL);
    while (BlockCount > 0 && !Created) {
        NDIS_STATUS Status;
        Live = 0;
        Armed = 1;
        Status = NdisChimneyCreateRegistry(4096, 4096, &Registry);
        Armed = 0;
        Tries++;
        if (Status == NDIS_STATUS_SUCCESS) {
            Created = 1;
            NdisChimneyDestroyRegistry(Registry);
        } else {
            CHECK_EQ(Status, NDIS_STATUS_RESOURCES);
            CHECK(Registry == NULL);
            CHECK_EQ(Live, 0); /* nothing left behind */
            Refused++;
            /* Newest first: the small blocks go back before the big ones. */
            free(Blocks[--BlockCount]);
        }
    }
    printf("memory_check: with memory exhausted, %d creations of 4096 x 4096 refused with RESOURCES "
           "before one succeeded (%d tries)\n", Refused, Tries);
    CHECK(Refused > 0);
    CHECK(Created);
}

/* The same for the smallest registry, which needs only a few kilobytes:
 * refused at first, created once enough small blocks are back. */
static void CreateSmallWithMemoryExhausted(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    size_t Size;
    int Refused = 0, Created = 0;
    CHECK(CapAddressSpace((rlim_t)1 << 20));
    for (Size = (size_t)1 << 20; Size >= 16; Size /= 2) Fill(Size);
    for (Size = 16; Size <= 1024; Size += 16) Fill(Size);
    for (Size = 1; Size < 16; Size++) Fill(Size);
    while (BlockCount > 0 && !Created) {
        NDIS_STATUS Status = NdisChimneyCreateRegistry(1, 1, &Registry);
        if (Status == NDIS_STATUS_SUCCESS) {
            Created = 1;
            Exercise(Registry);
            NdisChimneyDestroyRegistry(Registry);
        } else {
            CHECK_EQ(Status, NDIS_STATUS_RESOURCES);
            Refused++;
            free(Blocks[--BlockCount]);
        }
    }
    printf("memory_check: with memory exhausted, %d creations of 1 x 1 refused with RESOURCES before one "
           "succeeded and served every call\n", Refused);
    CHECK(Refused > 0);
    CHECK(Created);
}
#endif

/* --- a 16 KiB stack -------------------------------------------------------- */

static void *EveryCall(void *Unused) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    (void)Unused;
    Forged();
    Validate();
    CHECK_EQ(NdisChimneyCreateRegistry(1, 1, &Registry), NDIS_STATUS_SUCCESS);
    Exercise(Registry);
    NdisChimneyDestroyRegistry(Registry);
    CHECK_EQ(NdisChimneyCreateRegistryEx(1, 1, 1, 1, &Registry), NDIS_STATUS_SUCCESS);
    ExerciseOffload(Registry);
    NdisChimneyDestroyRegistry(Registry);
    return NULL;
}

static void EveryCallOnSmallStack(void) {
    pthread_attr_t Attributes;
    pthread_t Thread;
    CHECK_EQ(pthread_attr_init(&Attributes), 0);
    CHECK_EQ(pthread_attr_setstacksize(&Attributes, 16 << 10), 0);
    CHECK_EQ(pthread_create(&Thread, &Attributes, EveryCall, NULL), 0);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    pthread_attr_destroy(&Attributes);
}

int main(void) {
#ifdef MEMORY_CHECK_ASAN
    printf("memory_check: skipped the allocation counts and exhaustion (AddressSanitizer owns malloc)\n");
#else
    InChild("nothing allocates after creation", NothingAllocatesAfterCreation);
    InChild("creation with memory exhausted", CreateWithMemoryExhausted);
    InChild("small creation with memory exhausted", CreateSmallWithMemoryExhausted);
#endif
    InChild("every entry point on a 16 KiB stack", EveryCallOnSmallStack);
    return check_summary("memory_check");
}
