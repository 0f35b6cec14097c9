/* The C side of the dispatch benchmarks: the handler every path calls, the
 * two C baselines, and a C loop over the library's C entry point; and for
 * the offload loop, the offload target's handlers and C loops over the
 * library's request and completion routines. */
#ifndef NDIS_CHIMNEY_BASELINE_H
#define NDIS_CHIMNEY_BASELINE_H

#include <stddef.h>
#include <ndischimney_registry.h>

/* The handler: adds one to the unsigned long its context points to. Defined
 * in handler.c, apart from every caller, so no caller can inline it. */
VOID NDIS_CHIMNEY_CC baseline_count(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List);
VOID NDIS_CHIMNEY_CC baseline_count_event(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List, ULONG Code);

/* A C offload target's adapter (its MiniportAdapterContext): the requests
 * its handler received and, for round trips, the routine and adapter
 * handle with which it completes each one at once. */
typedef struct baseline_target {
    unsigned long requests;
    NDIS_HANDLE adapter;
    W_QUERY_OFFLOAD_HANDLER complete; /* NdisMQueryOffloadStateComplete, or the guarded C's */
} baseline_target;

/* The offload target's handlers, in handler.c too: one counts the request;
 * the other counts it and completes it at once, on the same thread. */
VOID NDIS_CHIMNEY_CC baseline_count_request(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List);
VOID NDIS_CHIMNEY_CC baseline_complete_request(NDIS_HANDLE MiniportAdapterContext,
                                               PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List);

/* The characteristics every benchmark installs: baseline_count in all six. */
NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS baseline_characteristics(void);

/* A miniport driver's provider characteristics: `handler` in all five. */
NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS
baseline_provider_characteristics(W_QUERY_OFFLOAD_HANDLER handler);

/* The floor: call straight through the structure's field, n times. */
void baseline_floor(const NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS *chars, NDIS_HANDLE context,
                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n);

/* A binding as a C table keeps it: its context and its driver's entry points
 * in field order. */
typedef struct baseline_binding {
    NDIS_HANDLE context;
    const INITIATE_OFFLOAD_COMPLETE_HANDLER *entries;
} baseline_binding;

/* The same table work in C, no safety checks: bindings[i & mask], entry by
 * kind, call. */
void baseline_table(const baseline_binding *bindings, size_t mask, unsigned kind,
                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n);

/* A C caller of the library's entry point: NdisChimneyDispatch n times. */
size_t baseline_entry_point(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_HANDLE *handles, size_t mask,
                            unsigned kind, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n);

/* C callers of the library's offload routines: n NdisQueryOffloadState on
 * binding i & mask, all with `list`; one NdisMQueryOffloadStateComplete of
 * each of lists[0...n-1]. */
void baseline_entry_point_requests(const NDIS_HANDLE *handles, size_t mask, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list,
                                   size_t n);
void baseline_entry_point_completions(NDIS_HANDLE adapter, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *lists, size_t n);

#endif
