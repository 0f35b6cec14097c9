/*
 * ndischimney_offload.h - the offload target's side of libndischimney's
 * registry, and how a caller learns what the WDK's offload routines (which
 * return VOID) could not deliver.
 *
 * A miniport driver (an offload target) is registered, installs its
 * NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS with
 * NdisSetOptionalHandlers, and adds adapters, each with its own
 * MiniportAdapterContext and NdisMiniportHandle. A protocol binding bound to
 * an adapter (NdisChimneyOpenAdapterBinding) is the NdisBindingHandle its
 * driver passes to NdisInitiateOffload and the four other requests
 * (ndischimney.h):
 *
 *   request     the binding handle checked exactly, as NdisChimneyDispatch
 *               checks it; the binding's handle written to the root block's
 *               SourceHandle; one request counted outstanding; the
 *               adapter's W_*_OFFLOAD_HANDLER called with its
 *               MiniportAdapterContext and the list, on the caller's thread.
 *               No adapter, or no handler: completed at once with
 *               NDIS_STATUS_NOT_SUPPORTED in the block's Status, through the
 *               protocol's own completion handler.
 *   completion  NdisM*Complete: the miniport handle checked exactly; the
 *               root block's SourceHandle checked exactly as a binding of
 *               this registry, bound to that adapter, with a request
 *               outstanding, and taken (set to NULL) in one atomic step;
 *               then the protocol's completion handler called with its
 *               ProtocolBindingContext. Anything else is refused: never
 *               delivered, SourceHandle never followed.
 *   indication  NdisMOffloadEventIndicate: every binding open on the adapter
 *               gets it (IndicateOffloadEventHandler), list and code
 *               unchanged; only NeighborReachabilityQuery with a list and
 *               NeighborReachabilityInDoubt without one are taken.
 *
 * A refusal is counted on the adapter (NdisChimneyQueryAdapterCounts) and
 * passed to the registry's offload hook, if one is set. No routine takes a
 * lock or allocates; a handle-only routine whose handle names no live
 * registry is dropped (there is no registry to tell). Closing a binding
 * waits for its outstanding requests too, as NDIS makes an unbind wait.
 * Docs/C-API.md has the statuses and a complete example.
 */
#ifndef NDIS_CHIMNEY_OFFLOAD_H
#define NDIS_CHIMNEY_OFFLOAD_H

#include "ndischimney_registry.h"

/* The warnings ndischimney.h silences for its own lines, for the same reasons. */
#if defined(__clang__)
#  pragma clang diagnostic push
#  pragma clang diagnostic ignored "-Wnullability-extension"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The routine an offload call came through, as the offload hook is told. */
typedef enum _NDIS_CHIMNEY_OFFLOAD_ROUTINE {
    NdisChimneyInitiateOffloadRequest = 0,        /* NdisInitiateOffload */
    NdisChimneyTerminateOffloadRequest = 1,       /* NdisTerminateOffload */
    NdisChimneyUpdateOffloadRequest = 2,          /* NdisUpdateOffload */
    NdisChimneyInvalidateOffloadRequest = 3,      /* NdisInvalidateOffload */
    NdisChimneyQueryOffloadStateRequest = 4,      /* NdisQueryOffloadState */
    NdisChimneyInitiateOffloadCompletion = 5,     /* NdisMInitiateOffloadComplete */
    NdisChimneyTerminateOffloadCompletion = 6,    /* NdisMTerminateOffloadComplete */
    NdisChimneyUpdateOffloadCompletion = 7,       /* NdisMUpdateOffloadComplete */
    NdisChimneyInvalidateOffloadCompletion = 8,   /* NdisMInvalidateOffloadComplete */
    NdisChimneyQueryOffloadStateCompletion = 9,   /* NdisMQueryOffloadStateComplete */
    NdisChimneyOffloadEventIndication = 10        /* NdisMOffloadEventIndicate */
} NDIS_CHIMNEY_OFFLOAD_ROUTINE;

/* Why an offload call was not delivered. */
typedef enum _NDIS_CHIMNEY_OFFLOAD_REFUSAL {
    NdisChimneyRefusedUnknownBinding = 1,    /* request: not an open binding's handle */
    NdisChimneyRefusedUnknownAdapter = 2,    /* completion, indication: not an adapter's handle */
    NdisChimneyRefusedNoBlockList = 3,       /* request, completion: OffloadBlockList is NULL */
    NdisChimneyRefusedUnknownSource = 4,     /* SourceHandle NULL, stale, forged, another registry's */
    NdisChimneyRefusedOtherAdapter = 5,      /* SourceHandle is a binding of another adapter */
    NdisChimneyRefusedNotOutstanding = 6,    /* no request outstanding: completed twice, or never made */
    NdisChimneyRefusedInvalidIndication = 7, /* code and list disagree with INDICATE_OFFLOAD_EVENT */
    NdisChimneyRefusedInFlightLimit = 8,     /* the binding or adapter has 2^20 - 1 calls in flight */
    NdisChimneyRefusedNoCompletionHandler = 9 /* the protocol has no completion handler for it */
} NDIS_CHIMNEY_OFFLOAD_REFUSAL;

/* What the library could not deliver for one adapter since it was added. */
typedef struct _NDIS_CHIMNEY_ADAPTER_COUNTS {
    uint64_t RefusedCompletions; /* NdisM*Complete refused */
    uint64_t RefusedIndications; /* NdisMOffloadEventIndicate refused */
    uint64_t FailedRequests;     /* requests on its bindings completed with a failure Status by the
                                    library (no handler), or refused for want of a block list or
                                    at the binding's in-flight limit */
} NDIS_CHIMNEY_ADAPTER_COUNTS, *NDIS_CHIMNEY_NULLABLE PNDIS_CHIMNEY_ADAPTER_COUNTS;

/* Called, on the calling thread, for each offload call the library refuses:
 * the hook's Context, the handle the call was given (NdisBindingHandle or
 * NdisMiniportHandle), the routine (an NDIS_CHIMNEY_OFFLOAD_ROUTINE), the
 * block list as given (either side's; never followed by the library) and
 * the reason (an NDIS_CHIMNEY_OFFLOAD_REFUSAL). A completion's refusal is
 * reported after the adapter is left, so the hook may remove it. */
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE NDIS_CHIMNEY_OFFLOAD_HOOK)(
    PVOID Context, NDIS_HANDLE Handle, ULONG Routine, PVOID OffloadBlockList, ULONG Reason);

/* NdisChimneyCreateRegistry with room for an offload target's side too: 0 to
 * 65535 miniport drivers and 0 to 65535 adapters. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyCreateRegistryEx(
    ULONG MaxProtocolDrivers, ULONG MaxBindings, ULONG MaxMiniportDrivers, ULONG MaxAdapters,
    PNDIS_CHIMNEY_REGISTRY *NDIS_CHIMNEY_NULLABLE Registry);

/* Registers a miniport driver; *NdisMiniportDriverHandle is what it passes
 * to NdisSetOptionalHandlers (provider structures) and NdisChimneyAddAdapter. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyRegisterMiniportDriver(
    PNDIS_CHIMNEY_REGISTRY Registry, PNDIS_HANDLE NdisMiniportDriverHandle);

/* Deregisters a miniport driver that has no adapters (NDIS_STATUS_FAILURE
 * while it has). */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle);

/* Adds an adapter of a miniport driver: its provider handlers receive
 * MiniportAdapterContext; *NdisMiniportHandle is what its offload target
 * passes to the NdisM* routines. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyAddAdapter(
    NDIS_HANDLE NdisMiniportDriverHandle, NDIS_HANDLE MiniportAdapterContext, PNDIS_HANDLE NdisMiniportHandle);

/* Removes an adapter with no binding bound to it (NDIS_STATUS_FAILURE while
 * one is: close those first, as NDIS unbinds the protocols above an adapter
 * before it halts it). When it returns no completion or indication is in
 * the adapter, and its handle is refused from then on. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyRemoveAdapter(NDIS_HANDLE NdisMiniportHandle);

/* NdisChimneyOpenBinding, bound to an adapter: *NdisBindingHandle is what
 * the protocol passes to NdisInitiateOffload and the other requests. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyOpenAdapterBinding(
    NDIS_HANDLE NdisHandle, NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE ProtocolBindingContext,
    PNDIS_HANDLE NdisBindingHandle);

/* Reads an adapter's counts (NDIS_STATUS_INVALID_PARAMETER for a handle that
 * is not a present adapter's, or a NULL Counts). */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyQueryAdapterCounts(
    NDIS_HANDLE NdisMiniportHandle, PNDIS_CHIMNEY_ADAPTER_COUNTS Counts);

/* Sets the registry's offload hook and its Context (Hook NULL: none); the
 * two are replaced together, as one. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneySetOffloadHook(
    PNDIS_CHIMNEY_REGISTRY Registry, NDIS_CHIMNEY_OFFLOAD_HOOK Hook, PVOID Context);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* C11: the registry argument checked as ndischimney_registry.h checks it. */
#if defined(NDIS_CHIMNEY_REGISTRY_ARGUMENT)
#  define NdisChimneyRegisterMiniportDriver(Registry, ...) \
     (NdisChimneyRegisterMiniportDriver)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#  define NdisChimneySetOffloadHook(Registry, ...) \
     (NdisChimneySetOffloadHook)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#endif

#if defined(__clang__)
#  pragma clang diagnostic pop
#endif

#endif /* NDIS_CHIMNEY_OFFLOAD_H */
