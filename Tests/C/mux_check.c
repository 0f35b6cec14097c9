/* An intermediate (MUX) driver with chimney offload between a protocol
 * driver and an offload target, as the WDK's MUX sample is built: it
 * registers as a protocol driver (the client generic characteristics, bound
 * to the real adapter below) and as a miniport driver (the provider generic
 * characteristics, for the virtual adapter the protocol above binds to).
 * Its request handlers save the SourceHandle NDIS gave them in the block's
 * ImReserved[0] and pass the same block list down with NdisInitiateOffload
 * and its twins; its completion handlers restore SourceHandle and complete
 * it upward with NdisM*Complete. Each request travels protocol -> MUX ->
 * target and each completion back, on one thread or on worker threads, and
 * a MUX that forgets to restore SourceHandle is caught. Built only from the
 * installed headers and pkg-config, like driver_check. */
#include <ndischimney_offload.h>

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "offload_drivers.h"

/* --- the intermediate driver ------------------------------------------------------ */

typedef struct _MUX {
    NDIS_HANDLE LowerBinding;   /* its binding to the real adapter */
    NDIS_HANDLE VirtualAdapter; /* the NdisMiniportHandle of the adapter it exposes */
    int Forgetful;              /* a bug to catch: SourceHandle not restored */
    int Passed[REQUESTS], Completed[REQUESTS];
} MUX;

static MUX Mux;

/* Down: the request from the protocol above, passed to the adapter below. */
static void MuxRequest(int Request, NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    MUX *Self = MiniportAdapterContext;
    List->ImReserved[0] = List->SourceHandle;
    Self->Passed[Request]++;
    Requests[Request](Self->LowerBinding, (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)(void *)List);
}

/* Up: the completion from below, completed to the protocol above. */
static void MuxComplete(int Request, NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    MUX *Self = ProtocolBindingContext;
    if (!Self->Forgetful) List->SourceHandle = List->ImReserved[0];
    Self->Completed[Request]++;
    Completes[Request](Self->VirtualAdapter, (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)(void *)List);
}

#define MUX_ROUTINES(Index, Name)                                                                           \
    static VOID NDIS_CHIMNEY_CC MuxMiniport##Name(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) { \
        MuxRequest(Index, Context, List);                                                                   \
    }                                                                                                       \
    static VOID NDIS_CHIMNEY_CC MuxProtocol##Name##Complete(NDIS_HANDLE Context,                            \
                                                             PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {      \
        MuxComplete(Index, Context, List);                                                                  \
    }
MUX_ROUTINES(0, InitiateOffload)
MUX_ROUTINES(1, TerminateOffload)
MUX_ROUTINES(2, UpdateOffload)
MUX_ROUTINES(3, InvalidateOffload)
MUX_ROUTINES(4, QueryOffload)

/* Its SetOptions handlers, as a protocol and as a miniport. */
static NDIS_STATUS MuxSetOptions(NDIS_HANDLE AsProtocol, NDIS_HANDLE AsMiniport) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Client = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1},
        0, MuxProtocolInitiateOffloadComplete, MuxProtocolTerminateOffloadComplete, MuxProtocolUpdateOffloadComplete,
        MuxProtocolInvalidateOffloadComplete, MuxProtocolQueryOffloadComplete, NULL};
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Provider = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
         sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, MuxMiniportInitiateOffload, MuxMiniportTerminateOffload, MuxMiniportUpdateOffload,
        MuxMiniportInvalidateOffload, MuxMiniportQueryOffload};
    NDIS_STATUS Status = NdisSetOptionalHandlers(AsProtocol, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Client);
    return Status != NDIS_STATUS_SUCCESS ? Status
                                         : NdisSetOptionalHandlers(AsMiniport, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Provider);
}

/* --- the stack: protocol -> MUX (virtual adapter) -> target (real adapter) ---------------- */

static PNDIS_CHIMNEY_REGISTRY Registry;
static NDIS_HANDLE Protocol, Target, MuxProtocol, MuxMiniport;
static TARGET_ADAPTER Real;
static PROTOCOL_BINDING Above;
static HOOK_RECORD Hooked;

static void Build(void) {
    CHECK_EQ(NdisChimneyCreateRegistryEx(2, 4, 2, 2, &Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneySetOffloadHook(Registry, Hook, &Hooked), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterMiniportDriver(Registry, &Target), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &MuxProtocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterMiniportDriver(Registry, &MuxMiniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(ProtocolSetOptions(Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(MiniportSetOptions(Target), NDIS_STATUS_SUCCESS);
    CHECK_EQ(MuxSetOptions(MuxProtocol, MuxMiniport), NDIS_STATUS_SUCCESS);
    pthread_mutex_init(&Real.Lock, NULL);
    CHECK_EQ(NdisChimneyAddAdapter(Target, &Real, &Real.NdisMiniportHandle), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(MuxProtocol, Real.NdisMiniportHandle, &Mux, &Mux.LowerBinding),
             NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyAddAdapter(MuxMiniport, &Mux, &Mux.VirtualAdapter), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Protocol, Mux.VirtualAdapter, &Above, &Above.NdisBindingHandle),
             NDIS_STATUS_SUCCESS);
}

/* Each request down and back, completed by the target at once and later. */
static void Through(void) {
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    int Request;
    for (Request = 0; Request < REQUESTS; Request++) {
        Real.Mode = CompleteAtOnce;
        Prepare(&List);
        Requests[Request](Above.NdisBindingHandle, &List);
        CHECK_EQ(Mux.Passed[Request], 1);
        CHECK(Real.SourceHandleSeen == Mux.LowerBinding); /* NDIS's, below the MUX */
        CHECK_EQ(Mux.Completed[Request], 1);
        CHECK_EQ(Above.Completions[Request], 1);
        CHECK(Above.LastList == &List);

        Real.Mode = Queue;
        Prepare(&List);
        Requests[Request](Above.NdisBindingHandle, &List);
        CHECK_EQ(Above.Completions[Request], 1);
        CHECK_EQ(CompleteQueued(&Real), 1);
        CHECK_EQ(Above.Completions[Request], 2);
    }
    CHECK_EQ(Hooked.Calls, 0);
}

static volatile int Stop;

static void *Work(void *Argument) {
    (void)Argument;
    while (!__atomic_load_n(&Stop, __ATOMIC_ACQUIRE))
        if (CompleteQueued(&Real) == 0) sched_yield();
    return NULL;
}

/* 10,000 requests down, their completions back up from two worker threads. */
static void Workers(void) {
    static NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST Lists[32];
    pthread_t Threads[2];
    int Sent, Index, Before = Above.Completions[3];
    Real.Mode = Queue;
    Stop = 0;
    for (Index = 0; Index < 2; Index++) CHECK_EQ(pthread_create(&Threads[Index], NULL, Work, NULL), 0);
    for (Sent = 0; Sent < 10000; Sent++) {
        /* A list is reused only once its own completion came back. */
        while (!Returned(&Lists[Sent % 32])) sched_yield();
        Prepare(&Lists[Sent % 32]);
        NdisInvalidateOffload(Above.NdisBindingHandle, &Lists[Sent % 32]);
    }
    while (__atomic_load_n(&Above.Completions[3], __ATOMIC_ACQUIRE) - Before < 10000) sched_yield();
    __atomic_store_n(&Stop, 1, __ATOMIC_RELEASE);
    for (Index = 0; Index < 2; Index++) CHECK_EQ(pthread_join(Threads[Index], NULL), 0);
    CHECK_EQ(Above.Completions[3] - Before, 10000);
    CHECK_EQ(Hooked.Calls, 0);
}

/* A MUX that completes upward without restoring SourceHandle: NULL after the
 * lower completion took it, so the completion is refused at the virtual
 * adapter, and the protocol's request stays outstanding (its close would
 * wait for it) until the MUX completes it properly. */
static void Forgetful(void) {
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    int Before = Above.Completions[0];
    Real.Mode = Queue;
    Mux.Forgetful = 1;
    Prepare(&List);
    NdisInitiateOffload(Above.NdisBindingHandle, &List);
    CHECK_EQ(CompleteQueued(&Real), 1);
    CHECK_EQ(Above.Completions[0], Before);
    CHECK_EQ(Hooked.Calls, 1);
    CHECK(Hooked.Handle == Mux.VirtualAdapter);
    CHECK_EQ(Hooked.Reason, NdisChimneyRefusedUnknownSource);
    CHECK_EQ(Counts(Mux.VirtualAdapter).RefusedCompletions, 1);
    CHECK_EQ(NdisChimneyCloseBindingEx(Above.NdisBindingHandle, 10), NDIS_STATUS_PENDING);
    /* Put right, the request completes and the close finishes. */
    Mux.Forgetful = 0;
    List.SourceHandle = List.ImReserved[0];
    NdisMInitiateOffloadComplete(Mux.VirtualAdapter, (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)(void *)&List);
    CHECK_EQ(Above.Completions[0], Before + 1);
    CHECK_EQ(NdisChimneyCloseBinding(Above.NdisBindingHandle), NDIS_STATUS_SUCCESS);
}

static void TearDown(void) {
    CHECK_EQ(NdisChimneyRemoveAdapter(Mux.VirtualAdapter), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBinding(Mux.LowerBinding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRemoveAdapter(Real.NdisMiniportHandle), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
    pthread_mutex_destroy(&Real.Lock);
}

int main(void) {
    alarm(60); /* a close that hangs fails the check instead of hanging it */
    Build();
    Through();
    Workers();
    Forgetful();
    TearDown();
    return check_summary("mux_check");
}
