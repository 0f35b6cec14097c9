/* The offload loop in C with the library's guarantees, the honest baseline
 * for NdisInitiateOffload and the other requests and for
 * NdisMInitiateOffloadComplete and the other completions
 * (ndischimney_offload.h says what each does). Built on the guarded C
 * dispatcher's registry (guarded.h), given an adapter of a miniport driver
 * with provider entry points in a versioned double buffer, bindings bound
 * to it, counts and an offload hook, laid out as the library lays them out
 * (Sources/NdisChimney/Registry/, Offload/). guarded_offload.c says, step
 * by step, which of the library's steps each one mirrors. */
#ifndef NDIS_CHIMNEY_GUARDED_OFFLOAD_H
#define NDIS_CHIMNEY_GUARDED_OFFLOAD_H

#include <stddef.h>
#include <ndischimney_offload.h>

/* guarded_create's registry, with one adapter (MiniportAdapterContext
 * `adapter_context`, the five provider entry points `handler`) that every
 * binding is bound to; its handle goes to *adapter. Returns the registry's
 * handle (guarded_destroy destroys it). */
NDIS_HANDLE guarded_offload_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles,
                                   NDIS_HANDLE adapter_context, W_QUERY_OFFLOAD_HANDLER handler,
                                   NDIS_HANDLE *adapter);

/* The adapter's counts, as NdisChimneyQueryAdapterCounts reads them. */
NDIS_STATUS guarded_adapter_counts(NDIS_HANDLE adapter, PNDIS_CHIMNEY_ADAPTER_COUNTS counts);

/* The five requests and the five completions, as the WDK's. */
VOID NDIS_CHIMNEY_CC guarded_initiate_offload(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_terminate_offload(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_update_offload(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_invalidate_offload(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_query_offload_state(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_m_initiate_offload_complete(NDIS_HANDLE adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_m_terminate_offload_complete(NDIS_HANDLE adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_m_update_offload_complete(NDIS_HANDLE adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_m_invalidate_offload_complete(NDIS_HANDLE adapter,
                                                           PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list);
VOID NDIS_CHIMNEY_CC guarded_m_query_offload_state_complete(NDIS_HANDLE adapter,
                                                            PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list);

/* C loops over the query request (n requests on binding i & mask, all with
 * `list`) and the query completion (one completion of each of lists[0...n-1]),
 * as the benchmarks run the library's (baseline.h). */
void baseline_guarded_requests(const NDIS_HANDLE *handles, size_t mask, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list,
                               size_t n);
void baseline_guarded_completions(NDIS_HANDLE adapter, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *lists, size_t n);

#endif
