/* A WDK-style protocol driver and offload target for the offload checks
 * (offload_check.c, mux_check.c), header-only so that each check is one
 * program: the protocol driver's completion handlers record what they get;
 * the offload target's request handlers complete at once or queue the
 * request for the test, or worker threads, to complete. Between them only
 * the WDK's routines. Needs <ndischimney_offload.h>, <pthread.h>,
 * <string.h> and check.h first. */
#ifndef NDIS_CHIMNEY_TEST_OFFLOAD_DRIVERS_H
#define NDIS_CHIMNEY_TEST_OFFLOAD_DRIVERS_H

#define REQUESTS 5 /* initiate, terminate, update, invalidate, query */

/* --- the protocol driver ------------------------------------------------------ */

typedef struct _PROTOCOL_BINDING {
    NDIS_HANDLE NdisBindingHandle;
    int Completions[REQUESTS];       /* by request, in field order */
    int Events;
    ULONG LastIndicationCode;
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST LastList;
    NDIS_STATUS LastStatus;          /* the block's Status as delivered */
    void *LastSourceHandle;          /* the root block's SourceHandle as delivered */
} PROTOCOL_BINDING;

static void ProtocolComplete(int Request, NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    PROTOCOL_BINDING *Binding = ProtocolBindingContext;
    __atomic_add_fetch(&Binding->Completions[Request], 1, __ATOMIC_RELAXED);
    Binding->LastList = List;
    Binding->LastStatus = List->Status;
    Binding->LastSourceHandle = List->SourceHandle;
    /* The list is the protocol's again (Prepare marked it in use). */
    __atomic_store_n(&List->ProtocolReserved[0], NULL, __ATOMIC_RELEASE);
}

static VOID NDIS_CHIMNEY_CC ProtocolInitiateOffloadComplete(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    ProtocolComplete(0, Context, List);
}
static VOID NDIS_CHIMNEY_CC ProtocolTerminateOffloadComplete(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    ProtocolComplete(1, Context, List);
}
static VOID NDIS_CHIMNEY_CC ProtocolUpdateOffloadComplete(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    ProtocolComplete(2, Context, List);
}
static VOID NDIS_CHIMNEY_CC ProtocolInvalidateOffloadComplete(NDIS_HANDLE Context,
                                                              PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    ProtocolComplete(3, Context, List);
}
static VOID NDIS_CHIMNEY_CC ProtocolQueryOffloadComplete(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    ProtocolComplete(4, Context, List);
}
static VOID NDIS_CHIMNEY_CC ProtocolIndicateOffloadEvent(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List,
                                                         ULONG IndicationCode) {
    PROTOCOL_BINDING *Binding = Context;
    Binding->Events++;
    Binding->LastList = List;
    Binding->LastIndicationCode = IndicationCode;
}

static NDIS_STATUS ProtocolSetOptions(NDIS_HANDLE NdisDriverHandle) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Generic = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1},
        0, ProtocolInitiateOffloadComplete, ProtocolTerminateOffloadComplete, ProtocolUpdateOffloadComplete,
        ProtocolInvalidateOffloadComplete, ProtocolQueryOffloadComplete, ProtocolIndicateOffloadEvent};
    NDIS_STATUS Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Generic);
    return Status;
}

/* --- the offload target ---------------------------------------------------------- */

typedef enum { CompleteAtOnce, Queue } TARGET_MODE;

#define QUEUE_SIZE 4096

typedef struct _TARGET_ADAPTER {
    NDIS_HANDLE NdisMiniportHandle;
    TARGET_MODE Mode;
    int Requests[REQUESTS];
    void *SourceHandleSeen; /* the root block's SourceHandle as the handler got it */
    /* Queued requests, for the test or for worker threads to complete. */
    pthread_mutex_t Lock;
    PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST Queued[QUEUE_SIZE];
    int QueuedRequest[QUEUE_SIZE];
    unsigned Head, Tail;
} TARGET_ADAPTER;

static VOID (NDIS_CHIMNEY_CC *const Completes[REQUESTS])(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) = {
    NdisMInitiateOffloadComplete, NdisMTerminateOffloadComplete, NdisMUpdateOffloadComplete,
    NdisMInvalidateOffloadComplete, NdisMQueryOffloadStateComplete};

static VOID (NDIS_CHIMNEY_CC *const Requests[REQUESTS])(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) = {
    NdisInitiateOffload, NdisTerminateOffload, NdisUpdateOffload, NdisInvalidateOffload, NdisQueryOffloadState};

static void TargetRequest(int Request, NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TARGET_ADAPTER *Adapter = MiniportAdapterContext;
    __atomic_add_fetch(&Adapter->Requests[Request], 1, __ATOMIC_RELAXED);
    Adapter->SourceHandleSeen = List->SourceHandle;
    List->Status = NDIS_STATUS_SUCCESS;
    if (Adapter->Mode == CompleteAtOnce) {
        Completes[Request](Adapter->NdisMiniportHandle, List);
        return;
    }
    pthread_mutex_lock(&Adapter->Lock);
    Adapter->Queued[Adapter->Tail % QUEUE_SIZE] = List;
    Adapter->QueuedRequest[Adapter->Tail % QUEUE_SIZE] = Request;
    Adapter->Tail++;
    pthread_mutex_unlock(&Adapter->Lock);
}

static VOID NDIS_CHIMNEY_CC MiniportInitiateOffload(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TargetRequest(0, Context, List);
}
static VOID NDIS_CHIMNEY_CC MiniportTerminateOffload(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TargetRequest(1, Context, List);
}
static VOID NDIS_CHIMNEY_CC MiniportUpdateOffload(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TargetRequest(2, Context, List);
}
static VOID NDIS_CHIMNEY_CC MiniportInvalidateOffload(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TargetRequest(3, Context, List);
}
static VOID NDIS_CHIMNEY_CC MiniportQueryOffload(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    TargetRequest(4, Context, List);
}

/* As WDK samples register it: Revision 0, Size sizeof the structure. */
static NDIS_STATUS MiniportSetOptions(NDIS_HANDLE NdisMiniportDriverHandle) {
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Generic = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
         sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, MiniportInitiateOffload, MiniportTerminateOffload, MiniportUpdateOffload, MiniportInvalidateOffload,
        MiniportQueryOffload};
    return NdisSetOptionalHandlers(NdisMiniportDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Generic);
}

/* Takes the oldest queued request, if any. */
static int Dequeue(TARGET_ADAPTER *Adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST *List, int *Request) {
    int Found = 0;
    pthread_mutex_lock(&Adapter->Lock);
    if (Adapter->Head != Adapter->Tail) {
        *List = Adapter->Queued[Adapter->Head % QUEUE_SIZE];
        *Request = Adapter->QueuedRequest[Adapter->Head % QUEUE_SIZE];
        Adapter->Head++;
        Found = 1;
    }
    pthread_mutex_unlock(&Adapter->Lock);
    return Found;
}

/* Completes every queued request; how many. */
static int CompleteQueued(TARGET_ADAPTER *Adapter) {
    PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List;
    int Request, Count = 0;
    while (Dequeue(Adapter, &List, &Request)) {
        Completes[Request](Adapter->NdisMiniportHandle, List);
        Count++;
    }
    return Count;
}

/* --- what the library reports ------------------------------------------------------ */

typedef struct _HOOK_RECORD {
    int Calls;
    NDIS_HANDLE Handle;
    ULONG Routine, Reason;
    PVOID List;
} HOOK_RECORD;

static VOID NDIS_CHIMNEY_CC Hook(PVOID Context, NDIS_HANDLE Handle, ULONG Routine, PVOID List, ULONG Reason) {
    HOOK_RECORD *Record = Context;
    Record->Calls++;
    Record->Handle = Handle;
    Record->Routine = Routine;
    Record->List = List;
    Record->Reason = Reason;
}

static NDIS_CHIMNEY_ADAPTER_COUNTS Counts(NDIS_HANDLE Adapter) {
    NDIS_CHIMNEY_ADAPTER_COUNTS Result;
    memset(&Result, 0xA5, sizeof Result);
    CHECK_EQ(NdisChimneyQueryAdapterCounts(Adapter, &Result), NDIS_STATUS_SUCCESS);
    return Result;
}

/* A root block as a protocol driver prepares one. */
static void Prepare(PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    memset(List, 0, sizeof *List);
    List->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    List->Header.Size = sizeof *List;
    List->Status = NDIS_STATUS_PENDING;
    List->ProtocolReserved[0] = List; /* in use until its completion comes back */
}

/* Whether the list's request has come back to the protocol. */
static int Returned(PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    return __atomic_load_n(&List->ProtocolReserved[0], __ATOMIC_ACQUIRE) == NULL;
}

#endif
