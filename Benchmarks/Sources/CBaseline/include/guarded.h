/* A C dispatcher with the library's guarantees, the honest baseline for
 * NdisChimneyDispatch and NdisChimneyDispatchBatch: the registry argument a
 * handle checked against a directory of live registries (never followed),
 * the same handle checks (constant bits and index in one comparison, then
 * generation, open bit, close-waiting bit and in-flight limit in another),
 * rundown protection with two atomic read-modify-writes, the binding noted
 * in a thread-local list of entered bindings (so that a handler closing its
 * own binding can be refused), a close waiting woken by the last dispatch
 * out, the driver's entry points read from a versioned double buffer so a
 * replacement is whole, a NULL entry point check and the event handler told
 * apart from the completions. Same layout as the library
 * (Sources/NdisChimney/Registry/HandleBits.swift), written in C. */
#ifndef NDIS_CHIMNEY_GUARDED_H
#define NDIS_CHIMNEY_GUARDED_H

#include <stddef.h>
#include <ndischimney_registry.h>

/* A registry of one driver whose six entry points are baseline_count, with
 * `bindings` open bindings whose context is `context`; their handles go to
 * handles[0...bindings-1]. Returns the registry's handle. Up to 256 may be
 * alive at once, each under an id of its own in the directory. */
NDIS_HANDLE guarded_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles);
void guarded_destroy(NDIS_HANDLE registry);

/* NdisChimneyDispatch's contract, in C. */
NDIS_STATUS NDIS_CHIMNEY_CC guarded_dispatch(NDIS_HANDLE registry, NDIS_HANDLE binding, ULONG entry_point,
                                             PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, ULONG code);

/* NdisChimneyDispatchBatch's contract, in C: one entry per run of
 * completions of one binding. */
ULONG NDIS_CHIMNEY_CC guarded_dispatch_batch(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *completions,
                                             ULONG count);

/* NdisChimneyDispatchBatchEx's contract, in C: the same, and each
 * completion's status stored as it is delivered or skipped. */
ULONG NDIS_CHIMNEY_CC guarded_dispatch_batch_ex(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *completions,
                                                ULONG count, NDIS_STATUS *statuses);

/* C loops over the two, as the benchmarks run the library's. */
size_t baseline_guarded(NDIS_HANDLE registry, const NDIS_HANDLE *handles, size_t mask, unsigned kind,
                        PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n);
size_t baseline_guarded_batch(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *batch, ULONG count,
                              size_t rounds);
size_t baseline_guarded_batch_ex(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *batch, ULONG count,
                                 NDIS_STATUS *statuses, size_t rounds);

/* C loops over the library's batch entry points, for the same comparison. */
size_t baseline_entry_point_batch(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_CHIMNEY_COMPLETION *batch,
                                  ULONG count, size_t rounds);
size_t baseline_entry_point_batch_ex(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_CHIMNEY_COMPLETION *batch,
                                     ULONG count, NDIS_STATUS *statuses, size_t rounds);

#endif
