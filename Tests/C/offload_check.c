/* The whole chimney loop from C, written as WDK drivers write it: a protocol
 * driver (ProtocolSetOptions registers its client characteristics, its
 * completion handlers record what they get) and an offload target
 * (MiniportSetOptions registers the provider characteristics; its request
 * handlers complete at once, or queue the request for later, or for worker
 * threads, or misbehave). Between them only the WDK's routines:
 * NdisInitiateOffload and its four twins, NdisM*Complete,
 * NdisMOffloadEventIndicate. Built only from the installed headers and
 * pkg-config, like driver_check; make test also runs it under valgrind. */
/* nanosleep, clock_gettime: POSIX, not plain C11. */
#define _POSIX_C_SOURCE 200809L

#include <ndischimney_offload.h>

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "offload_drivers.h"

/* --- the stack: one registry, one protocol driver, one miniport driver with two
 * adapters, a binding on each adapter and one on none ------------------------------- */

typedef struct _STACK {
    PNDIS_CHIMNEY_REGISTRY Registry;
    NDIS_HANDLE Protocol, Miniport;
    TARGET_ADAPTER Adapters[2];
    PROTOCOL_BINDING Bindings[3]; /* on adapter 0, on adapter 1, on none */
    HOOK_RECORD Hooked;
} STACK;

static void Build(STACK *Stack) {
    int Index;
    memset(Stack, 0, sizeof *Stack);
    CHECK_EQ(NdisChimneyCreateRegistryEx(1, 8, 1, 2, &Stack->Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneySetOffloadHook(Stack->Registry, Hook, &Stack->Hooked), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Stack->Registry, &Stack->Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterMiniportDriver(Stack->Registry, &Stack->Miniport), NDIS_STATUS_SUCCESS);
    /* Each side's structures from the other side's handle: NOT_SUPPORTED. */
    CHECK_EQ(ProtocolSetOptions(Stack->Miniport), NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(MiniportSetOptions(Stack->Protocol), NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(ProtocolSetOptions(Stack->Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(MiniportSetOptions(Stack->Miniport), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < 2; Index++) {
        TARGET_ADAPTER *Adapter = &Stack->Adapters[Index];
        pthread_mutex_init(&Adapter->Lock, NULL);
        CHECK_EQ(NdisChimneyAddAdapter(Stack->Miniport, Adapter, &Adapter->NdisMiniportHandle), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyOpenAdapterBinding(Stack->Protocol, Adapter->NdisMiniportHandle, &Stack->Bindings[Index],
                                               &Stack->Bindings[Index].NdisBindingHandle),
                 NDIS_STATUS_SUCCESS);
    }
    CHECK_EQ(NdisChimneyOpenBinding(Stack->Protocol, &Stack->Bindings[2], &Stack->Bindings[2].NdisBindingHandle),
             NDIS_STATUS_SUCCESS);
}

static void TearDown(STACK *Stack) {
    int Index;
    for (Index = 0; Index < 3; Index++) {
        if (Stack->Bindings[Index].NdisBindingHandle == NULL) continue;
        CHECK_EQ(NdisChimneyCloseBinding(Stack->Bindings[Index].NdisBindingHandle), NDIS_STATUS_SUCCESS);
    }
    for (Index = 0; Index < 2; Index++) {
        CHECK_EQ(NdisChimneyRemoveAdapter(Stack->Adapters[Index].NdisMiniportHandle), NDIS_STATUS_SUCCESS);
        pthread_mutex_destroy(&Stack->Adapters[Index].Lock);
    }
    CHECK_EQ(NdisChimneyDeregisterMiniportDriver(Stack->Miniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Stack->Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Stack->Registry), NDIS_STATUS_SUCCESS);
}

/* --- round trips ---------------------------------------------------------------------- */

/* Each request, completed inside the target's handler and then later. */
static void RoundTrips(void) {
    STACK Stack;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    PROTOCOL_BINDING *Binding = &Stack.Bindings[0];
    TARGET_ADAPTER *Adapter = &Stack.Adapters[0];
    int Request;
    Build(&Stack);
    for (Request = 0; Request < REQUESTS; Request++) {
        Adapter->Mode = CompleteAtOnce;
        Prepare(&List);
        Requests[Request](Binding->NdisBindingHandle, &List);
        CHECK_EQ(Adapter->Requests[Request], 1);
        CHECK(Adapter->SourceHandleSeen == Binding->NdisBindingHandle);
        CHECK_EQ(Binding->Completions[Request], 1);
        CHECK(Binding->LastList == &List);
        CHECK_EQ(Binding->LastStatus, NDIS_STATUS_SUCCESS);
        CHECK(Binding->LastSourceHandle == NULL); /* taken as it was delivered */

        Adapter->Mode = Queue;
        Prepare(&List);
        Requests[Request](Binding->NdisBindingHandle, &List);
        CHECK_EQ(Binding->Completions[Request], 1); /* not yet */
        CHECK_EQ(CompleteQueued(Adapter), 1);
        CHECK_EQ(Binding->Completions[Request], 2);
        CHECK(Binding->LastList == &List);
    }
    /* Nothing reached the other bindings, nothing was refused. */
    for (Request = 0; Request < REQUESTS; Request++) CHECK_EQ(Stack.Bindings[1].Completions[Request], 0);
    CHECK_EQ(Stack.Hooked.Calls, 0);
    CHECK_EQ(Counts(Adapter->NdisMiniportHandle).RefusedCompletions, 0);
    TearDown(&Stack);
}

/* No adapter, or an adapter without a handler for the request: completed at
 * once with NOT_SUPPORTED through the protocol's own handler. */
static void NoTarget(void) {
    STACK Stack;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS OnlyQuery = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
         sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, NULL, NULL, NULL, NULL, MiniportQueryOffload};
    Build(&Stack);
    Prepare(&List);
    NdisInitiateOffload(Stack.Bindings[2].NdisBindingHandle, &List);
    CHECK_EQ(Stack.Bindings[2].Completions[0], 1);
    CHECK_EQ(Stack.Bindings[2].LastStatus, NDIS_STATUS_NOT_SUPPORTED);

    CHECK_EQ(NdisSetOptionalHandlers(Stack.Miniport, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&OnlyQuery), NDIS_STATUS_SUCCESS);
    Prepare(&List);
    NdisUpdateOffload(Stack.Bindings[0].NdisBindingHandle, &List);
    CHECK_EQ(Stack.Bindings[0].Completions[2], 1);
    CHECK_EQ(Stack.Bindings[0].LastStatus, NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(Stack.Adapters[0].Requests[2], 0);
    CHECK_EQ(Counts(Stack.Adapters[0].NdisMiniportHandle).FailedRequests, 1);
    /* The handler that is there still runs. */
    Prepare(&List);
    NdisQueryOffloadState(Stack.Bindings[0].NdisBindingHandle, &List);
    CHECK_EQ(Stack.Adapters[0].Requests[4], 1);
    CHECK_EQ(Stack.Bindings[0].Completions[4], 1);
    TearDown(&Stack);
}

/* --- a misbehaving offload target ------------------------------------------------------ */

/* The last refusal the hook saw was `Reason` for `Routine` on `Handle`. */
static void Refused(STACK *Stack, int Calls, NDIS_HANDLE Handle, ULONG Routine, ULONG Reason) {
    CHECK_EQ(Stack->Hooked.Calls, Calls);
    CHECK(Stack->Hooked.Handle == Handle);
    CHECK_EQ(Stack->Hooked.Routine, Routine);
    CHECK_EQ(Stack->Hooked.Reason, Reason);
}

static void Misbehaving(void) {
    STACK Stack;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST Queued;
    PROTOCOL_BINDING *Binding = &Stack.Bindings[0];
    NDIS_HANDLE Own, Other;
    int Request, Calls = 0;
    Build(&Stack);
    Own = Stack.Adapters[0].NdisMiniportHandle;
    Other = Stack.Adapters[1].NdisMiniportHandle;
    Stack.Adapters[0].Mode = Queue;
    Prepare(&List);
    NdisTerminateOffload(Binding->NdisBindingHandle, &List);
    CHECK(Dequeue(&Stack.Adapters[0], &Queued, &Request));

    /* SourceHandle overwritten: NULL, forged, another adapter's binding. */
    Queued->SourceHandle = NULL;
    NdisMTerminateOffloadComplete(Own, Queued);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedUnknownSource);
    Queued->SourceHandle = (void *)((uintptr_t)Binding->NdisBindingHandle ^ ((uintptr_t)1 << 40));
    NdisMTerminateOffloadComplete(Own, Queued);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedUnknownSource);
    Queued->SourceHandle = Stack.Bindings[1].NdisBindingHandle;
    NdisMTerminateOffloadComplete(Own, Queued);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedOtherAdapter);
    /* The right binding, through the other adapter. */
    Queued->SourceHandle = Binding->NdisBindingHandle;
    NdisMTerminateOffloadComplete(Other, Queued);
    Refused(&Stack, ++Calls, Other, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedOtherAdapter);
    /* No block list; an adapter handle that is a binding's. */
    NdisMTerminateOffloadComplete(Own, NULL);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedNoBlockList);
    NdisMTerminateOffloadComplete(Binding->NdisBindingHandle, Queued);
    Refused(&Stack, ++Calls, Binding->NdisBindingHandle, NdisChimneyTerminateOffloadCompletion,
            NdisChimneyRefusedUnknownAdapter);
    CHECK_EQ(Binding->Completions[1], 0);
    CHECK(Stack.Hooked.List == Queued);

    /* Restored, it is delivered once; completed again (SourceHandle put back
     * as a target that saved it would), it is refused. */
    NdisMTerminateOffloadComplete(Own, Queued);
    CHECK_EQ(Binding->Completions[1], 1);
    NdisMTerminateOffloadComplete(Own, Queued);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedUnknownSource);
    Queued->SourceHandle = Binding->NdisBindingHandle;
    NdisMTerminateOffloadComplete(Own, Queued);
    Refused(&Stack, ++Calls, Own, NdisChimneyTerminateOffloadCompletion, NdisChimneyRefusedNotOutstanding);
    CHECK_EQ(Binding->Completions[1], 1);
    CHECK_EQ(Counts(Own).RefusedCompletions, 6);
    CHECK_EQ(Counts(Other).RefusedCompletions, 1);

    /* Requests the library cannot take: an adapter's handle as the binding,
     * no block list. Nothing is called. */
    NdisInitiateOffload(Own, &List);
    Refused(&Stack, ++Calls, Own, NdisChimneyInitiateOffloadRequest, NdisChimneyRefusedUnknownBinding);
    NdisInitiateOffload(Binding->NdisBindingHandle, NULL);
    Refused(&Stack, ++Calls, Binding->NdisBindingHandle, NdisChimneyInitiateOffloadRequest,
            NdisChimneyRefusedNoBlockList);
    CHECK_EQ(Stack.Adapters[0].Requests[0], 0);

    /* After the binding is closed, its saved handle is refused. */
    CHECK_EQ(NdisChimneyCloseBinding(Binding->NdisBindingHandle), NDIS_STATUS_SUCCESS);
    Queued->SourceHandle = Binding->NdisBindingHandle;
    NdisMTerminateOffloadComplete(Own, Queued);
    CHECK_EQ(Stack.Hooked.Calls, ++Calls);
    CHECK_EQ(Binding->Completions[1], 1);
    Binding->NdisBindingHandle = NULL;
    TearDown(&Stack);
}

/* --- event indications ------------------------------------------------------------------- */

static void Events(void) {
    STACK Stack;
    NDIS_MINIPORT_OFFLOAD_BLOCK_LIST Neighbor;
    NDIS_HANDLE Adapter;
    int Index;
    Build(&Stack);
    Adapter = Stack.Adapters[0].NdisMiniportHandle;
    memset(&Neighbor, 0, sizeof Neighbor);
    /* Posted to the protocols bound to the adapter, and only to them. */
    NdisMOffloadEventIndicate(Adapter, &Neighbor, NeighborReachabilityQuery);
    CHECK_EQ(Stack.Bindings[0].Events, 1);
    CHECK(Stack.Bindings[0].LastList == (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)(void *)&Neighbor);
    CHECK_EQ(Stack.Bindings[0].LastIndicationCode, NeighborReachabilityQuery);
    NdisMOffloadEventIndicate(Adapter, NULL, NeighborReachabilityInDoubt);
    CHECK_EQ(Stack.Bindings[0].Events, 2);
    CHECK(Stack.Bindings[0].LastList == NULL);
    /* The code and the block list must agree. */
    NdisMOffloadEventIndicate(Adapter, NULL, NeighborReachabilityQuery);
    NdisMOffloadEventIndicate(Adapter, &Neighbor, NeighborReachabilityInDoubt);
    NdisMOffloadEventIndicate(Adapter, &Neighbor, MaxOffloadEvent);
    CHECK_EQ(Stack.Bindings[0].Events, 2);
    CHECK_EQ(Counts(Adapter).RefusedIndications, 3);
    Refused(&Stack, 3, Adapter, NdisChimneyOffloadEventIndication, NdisChimneyRefusedInvalidIndication);
    for (Index = 1; Index < 3; Index++) CHECK_EQ(Stack.Bindings[Index].Events, 0);
    TearDown(&Stack);
}

/* --- completions on other threads ------------------------------------------------------------ */

#define THREADS 4
#define PER_THREAD 5000
#define LISTS 64

typedef struct _SENDER {
    PROTOCOL_BINDING Binding;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST Lists[LISTS];
} SENDER;

static volatile int Stop;

/* Each request on its own list; a list is reused only once its own
 * completion came back (completions come back in any order), so at most
 * LISTS are outstanding. */
static void *Send(void *Argument) {
    SENDER *Sender = Argument;
    int Sent, Index;
    for (Index = 0; Index < LISTS; Index++) Sender->Lists[Index].ProtocolReserved[0] = NULL;
    for (Sent = 0; Sent < PER_THREAD; Sent++) {
        while (!Returned(&Sender->Lists[Sent % LISTS])) sched_yield();
        Prepare(&Sender->Lists[Sent % LISTS]);
        NdisQueryOffloadState(Sender->Binding.NdisBindingHandle, &Sender->Lists[Sent % LISTS]);
    }
    return NULL;
}

static void *Work(void *Argument) {
    TARGET_ADAPTER *Adapters = Argument;
    while (!__atomic_load_n(&Stop, __ATOMIC_ACQUIRE)) {
        if (CompleteQueued(&Adapters[0]) + CompleteQueued(&Adapters[1]) == 0) sched_yield();
    }
    return NULL;
}

static void Threads(void) {
    static SENDER Senders[THREADS];
    STACK Stack;
    pthread_t Sending[THREADS], Working[2];
    int Index;
    Build(&Stack);
    Stack.Adapters[0].Mode = Stack.Adapters[1].Mode = Queue;
    for (Index = 0; Index < THREADS; Index++) {
        memset(&Senders[Index].Binding, 0, sizeof Senders[Index].Binding);
        CHECK_EQ(NdisChimneyOpenAdapterBinding(Stack.Protocol, Stack.Adapters[Index % 2].NdisMiniportHandle,
                                               &Senders[Index].Binding, &Senders[Index].Binding.NdisBindingHandle),
                 NDIS_STATUS_SUCCESS);
    }
    Stop = 0;
    for (Index = 0; Index < 2; Index++) CHECK_EQ(pthread_create(&Working[Index], NULL, Work, Stack.Adapters), 0);
    for (Index = 0; Index < THREADS; Index++) CHECK_EQ(pthread_create(&Sending[Index], NULL, Send, &Senders[Index]), 0);
    for (Index = 0; Index < THREADS; Index++) CHECK_EQ(pthread_join(Sending[Index], NULL), 0);
    /* Every close waits for its binding's outstanding requests. */
    for (Index = 0; Index < THREADS; Index++)
        CHECK_EQ(NdisChimneyCloseBinding(Senders[Index].Binding.NdisBindingHandle), NDIS_STATUS_SUCCESS);
    __atomic_store_n(&Stop, 1, __ATOMIC_RELEASE);
    for (Index = 0; Index < 2; Index++) CHECK_EQ(pthread_join(Working[Index], NULL), 0);
    for (Index = 0; Index < THREADS; Index++) CHECK_EQ(Senders[Index].Binding.Completions[4], PER_THREAD);
    CHECK_EQ(Stack.Adapters[0].Requests[4] + Stack.Adapters[1].Requests[4], THREADS * PER_THREAD);
    CHECK_EQ(Stack.Hooked.Calls, 0);
    printf("offload_check: %d requests from %d threads completed by 2 worker threads, each delivered once\n",
           THREADS * PER_THREAD, THREADS);
    TearDown(&Stack);
}

/* --- lifetimes ---------------------------------------------------------------------------------- */

static void *CloseBinding(void *Argument) {
    PROTOCOL_BINDING *Binding = Argument;
    return (void *)(intptr_t)NdisChimneyCloseBinding(Binding->NdisBindingHandle);
}

static void Lifetimes(void) {
    STACK Stack;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List, Late;
    PROTOCOL_BINDING *Binding = &Stack.Bindings[0];
    TARGET_ADAPTER *Adapter = &Stack.Adapters[0];
    struct timespec Pause = {0, 50 * 1000000L};
    pthread_t Closer;
    void *Result = NULL;
    Build(&Stack);
    Adapter->Mode = Queue;
    Prepare(&List);
    NdisInitiateOffload(Binding->NdisBindingHandle, &List);

    /* A close waits for the request outstanding at the target... */
    CHECK_EQ(NdisChimneyCloseBindingEx(Binding->NdisBindingHandle, 20), NDIS_STATUS_PENDING);
    /* ...which takes no new request meanwhile... */
    Prepare(&Late);
    NdisInitiateOffload(Binding->NdisBindingHandle, &Late);
    CHECK_EQ(Adapter->Requests[0], 1);
    CHECK(Late.SourceHandle == NULL);
    /* ...and the adapter cannot go, nor its driver. */
    CHECK_EQ(NdisChimneyRemoveAdapter(Adapter->NdisMiniportHandle), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyDeregisterMiniportDriver(Stack.Miniport), NDIS_STATUS_FAILURE);
    CHECK_EQ(pthread_create(&Closer, NULL, CloseBinding, Binding), 0);
    nanosleep(&Pause, NULL);
    CHECK_EQ(Binding->Completions[0], 0);
    /* The completion of a closing binding is delivered, then the close returns. */
    CHECK_EQ(CompleteQueued(Adapter), 1);
    CHECK_EQ(pthread_join(Closer, &Result), 0);
    CHECK_EQ((NDIS_STATUS)(intptr_t)Result, NDIS_STATUS_SUCCESS);
    CHECK_EQ(Binding->Completions[0], 1);
    Binding->NdisBindingHandle = NULL;

    /* With its binding closed the adapter goes; its handle is refused after. */
    CHECK_EQ(NdisChimneyRemoveAdapter(Adapter->NdisMiniportHandle), NDIS_STATUS_SUCCESS);
    NdisMOffloadEventIndicate(Adapter->NdisMiniportHandle, NULL, NeighborReachabilityInDoubt);
    CHECK_EQ(Stack.Hooked.Reason, NdisChimneyRefusedUnknownAdapter);
    CHECK_EQ(NdisChimneyRemoveAdapter(Adapter->NdisMiniportHandle), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyAddAdapter(Stack.Miniport, Adapter, &Adapter->NdisMiniportHandle), NDIS_STATUS_SUCCESS);
    TearDown(&Stack);
}

int main(void) {
    alarm(120); /* a close that hangs fails the check instead of hanging it */
    RoundTrips();
    NoTarget();
    Misbehaving();
    Events();
    Threads();
    Lifetimes();
    return check_summary("offload_check");
}
