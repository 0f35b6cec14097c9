/* The offload loop in C with the library's guarantees: each step mirrors
 * the step of Sources/NdisChimney/Offload/RegistryTables+Offload.swift and
 * CAPI/OffloadExports.swift named beside it, no more and no less, with the
 * pieces guarded.c's dispatcher uses (guarded_internal.h). */
#include "guarded_offload.h"

#include <stdlib.h>

#include "guarded.h"
#include "guarded_internal.h"

/* The routine numbers of ndischimney_offload.h: a completion's is its
 * request's plus this. */
#define COMPLETION_ROUTINE 5

NDIS_HANDLE guarded_offload_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles,
                                   NDIS_HANDLE adapter_context, W_QUERY_OFFLOAD_HANDLER handler,
                                   NDIS_HANDLE *adapter_handle) {
    NDIS_HANDLE handle = guarded_create(bindings, context, handles);
    guarded_registry *registry = registry_of(handle);
    void *adapters = NULL;
    guarded_adapter *adapter;
    uint64_t generation = bindings + 1; /* after the bindings' */
    size_t i;
    if (posix_memalign(&adapters, 64, 1 << SLOT_SHIFT) != 0) abort();
    registry->adapters = adapters;
    registry->adapter_capacity = 1;
    registry->adapter_constant_bits = (registry->constant_bits & ~BINDING_BITS) | ADAPTER_BITS;
    /* The provider generic structure's five handlers in entries 0...4
     * (RegistryCore+Miniport, DriverEntryPoints.replace). */
    for (i = 0; i < NdisChimneyEntryPointCount; i++)
        atomic_init(&registry->provider.copies[i], i < NdisChimneyIndicateOffloadEvent ? (uintptr_t)handler : 0);
    adapter = (guarded_adapter *)registry->adapters;
    adapter->context = adapter_context;
    adapter->provider = &registry->provider;
    atomic_init(&adapter->refused_completions, 0);
    atomic_init(&adapter->refused_indications, 0);
    atomic_init(&adapter->failed_requests, 0);
    atomic_init(&adapter->state, generation << 30);
    for (i = 0; i < bindings; i++) {
        guarded_slot *slot = (guarded_slot *)(registry->slots + (i << SLOT_SHIFT));
        slot->adapter = adapter;
        atomic_init(&slot->outstanding, 0);
    }
    *adapter_handle = (NDIS_HANDLE)(uintptr_t)(generation << 30 | registry->adapter_constant_bits);
    return handle;
}

/* RegistryDirectory.tables(forHandle:): the registry whose id the handle
 * carries, if one is live, for routines that receive a binding's or an
 * adapter's handle alone (checked exactly against that registry next; no
 * count is taken). */
static inline const guarded_registry *lookup_by_id(uint64_t handle) {
    size_t id = (size_t)(handle >> REGISTRY_SHIFT) & 255;
    if (atomic_load_explicit(&guarded_keys[id].handle, memory_order_acquire) == 0) return NULL;
    return guarded_keys[id].registry;
}

/* RegistryTables.enterAdapter: the adapter the handle names exactly (open,
 * its generation), entered under rundown protection, or NULL. */
static inline guarded_adapter *enter_adapter(const guarded_registry *registry, uint64_t handle) {
    int valid;
    uint64_t offset = slot_offset(handle, registry->adapter_constant_bits, registry->adapter_capacity, &valid);
    guarded_adapter *adapter;
    if (!valid) return NULL;
    adapter = (guarded_adapter *)(registry->adapters + offset);
    if (enter_state(&adapter->state, handle, 0) >= registry->in_flight_limit) {
        if (leave_state(&adapter->state)) guarded_wake_closers(registry);
        return NULL;
    }
    return adapter;
}

/* RegistryTables.leave(adapter:). */
static inline void leave_adapter(const guarded_registry *registry, guarded_adapter *adapter) {
    if (leave_state(&adapter->state)) guarded_wake_closers(registry);
}

/* RegistryTables.report: the offload hook, if one is set, told of a
 * refusal (its function and context read as one pair,
 * DriverEntryPoints.firstPair). Out of line: only refusals come here. */
__attribute__((noinline)) static void report(const guarded_registry *registry, ULONG reason, ULONG routine,
                                             uint64_t handle, void *list) {
    uintptr_t function, context;
    for (;;) {
        uintptr_t version = atomic_load_explicit(&registry->hook.version, memory_order_acquire);
        size_t copy = (version & 1) * NdisChimneyEntryPointCount;
        function = atomic_load_explicit(&registry->hook.copies[copy], memory_order_relaxed);
        context = atomic_load_explicit(&registry->hook.copies[copy + 1], memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&registry->hook.version, memory_order_relaxed) == version) break;
    }
    if (function == 0) return;
    ((NDIS_CHIMNEY_OFFLOAD_HOOK)function)((PVOID)context, (NDIS_HANDLE)(uintptr_t)handle, routine, list, reason);
}

/* The request's refusals, out of line as the library's `report` call and
 * `fail` are. */

/* `enter` refused the binding: isOpen ? .inFlightLimit : .unknownBinding. */
__attribute__((noinline)) static void refuse_request(const guarded_registry *registry, unsigned kind,
                                                     uint64_t handle, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) {
    ULONG reason = guarded_is_open(registry, handle) ? NdisChimneyRefusedInFlightLimit
                                                     : NdisChimneyRefusedUnknownBinding;
    report(registry, reason, kind, handle, list);
}

/* No block list: counted on the binding's adapter, and reported. */
__attribute__((noinline)) static void refuse_listless(const guarded_registry *registry, const guarded_slot *slot,
                                                      unsigned kind, uint64_t handle) {
    if (slot->adapter != NULL) atomic_fetch_add_explicit(&slot->adapter->failed_requests, 1, memory_order_relaxed);
    report(registry, NdisChimneyRefusedNoBlockList, kind, handle, NULL);
}

/* RegistryTables.fail: no adapter, or no provider handler for the request;
 * completed at once with NDIS_STATUS_NOT_SUPPORTED through the protocol's
 * own completion handler. */
__attribute__((noinline)) static void fail(guarded_slot *slot, unsigned kind, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) {
    list->Status = NDIS_STATUS_NOT_SUPPORTED;
    list->SourceHandle = NULL;
    if (slot->adapter != NULL) atomic_fetch_add_explicit(&slot->adapter->failed_requests, 1, memory_order_relaxed);
    (void)deliver(slot, kind, list, 0);
}

/* RegistryTables.request, after OffloadExports' `request` found the
 * registry by the handle's id. */
static inline void request(unsigned kind, NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) {
    uint64_t handle = (uint64_t)(uintptr_t)binding;
    const guarded_registry *registry = lookup_by_id(handle);
    guarded_slot *slot;
    guarded_adapter *adapter;
    entry_token entry;
    uintptr_t found;
    if (registry == NULL) return;
    /* The binding handle checked exactly and the binding entered, as a
     * dispatch enters it. */
    slot = enter(registry, handle);
    if (slot == NULL) {
        refuse_request(registry, kind, handle, list);
        return;
    }
    /* The thread's list of entered bindings, for the whole request (the
     * provider handler runs inside it). */
    entry = note_entered(handle);
    if (list == NULL) {
        refuse_listless(registry, slot, kind, handle);
    } else {
        /* The adapter, and its miniport driver's handler from the
         * versioned double buffer; then one request outstanding (release),
         * counted only for a request that reaches a target, then
         * SourceHandle; the handler called with MiniportAdapterContext and
         * the miniport's view of the list. */
        adapter = slot->adapter;
        if (adapter != NULL && (found = address(adapter->provider, kind)) != 0) {
            atomic_fetch_add_explicit(&slot->outstanding, 1, memory_order_release);
            list->SourceHandle = (PVOID)(uintptr_t)handle;
            ((W_INITIATE_OFFLOAD_HANDLER)found)(adapter->context, (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)list);
        } else {
            fail(slot, kind, list);
        }
    }
    note_left(entry);
    leave(registry, slot);
}

/* BindingSlot.takeOutstanding: one outstanding request taken, or none
 * when none is outstanding (a request completed twice). */
static inline int take_outstanding(guarded_slot *slot) {
    uint64_t current = atomic_load_explicit(&slot->outstanding, memory_order_relaxed);
    while (current != 0) {
        if (atomic_compare_exchange_strong_explicit(&slot->outstanding, &current, current - 1, memory_order_acq_rel,
                                                    memory_order_acquire))
            return 1;
    }
    return 0;
}

/* `enter(source, closing: true)` refused: isHeldBinding ? .inFlightLimit : .unknownSource. */
__attribute__((noinline)) static ULONG source_refusal(const guarded_registry *registry, uint64_t source) {
    int valid;
    uint64_t offset = slot_offset(source, registry->constant_bits, registry->capacity, &valid);
    const guarded_slot *slot = (const guarded_slot *)(registry->slots + offset);
    return valid && ((atomic_load_explicit(&slot->state, memory_order_acquire) ^ source) & GENERATION_MASK) == 0
               ? NdisChimneyRefusedInFlightLimit
               : NdisChimneyRefusedUnknownSource;
}

/* RegistryTables.deliverCompletion: the completion delivered to the binding
 * its SourceHandle names, in an adapter the caller has entered; 0, or why
 * not. */
static inline ULONG deliver_completion(const guarded_registry *registry, const guarded_adapter *adapter, unsigned kind,
                                       PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list) {
    uint64_t source;
    void *expected;
    guarded_slot *slot;
    entry_token entry;
    ULONG refusal = 0;
    if (list == NULL) return NdisChimneyRefusedNoBlockList;
    /* SourceHandle checked exactly as a binding of this registry, open or
     * closing, and entered (never followed before that). */
    source = (uint64_t)(uintptr_t)list->SourceHandle;
    slot = enter_binding(registry, source, 1);
    if (slot == NULL) return source_refusal(registry, source);
    expected = (void *)(uintptr_t)source;
    if (slot->adapter != adapter) {
        /* Bound to this adapter. */
        refusal = NdisChimneyRefusedOtherAdapter;
    } else if (!__atomic_compare_exchange_n(&list->SourceHandle, &expected, NULL, 0, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
        /* SourceHandle taken in one atomic step (ndis_chimney_take_pointer)... */
        refusal = NdisChimneyRefusedNotOutstanding;
    } else if (!take_outstanding(slot)) {
        /* ...then one outstanding request; none, SourceHandle put back
         * (ndis_chimney_put_pointer). */
        __atomic_store_n(&list->SourceHandle, (void *)(uintptr_t)source, __ATOMIC_RELEASE);
        refusal = NdisChimneyRefusedNotOutstanding;
    } else {
        /* Delivered through the dispatcher's own `deliver`, inside the
         * thread's list; a protocol with no handler for it is told nothing,
         * so the caller is. */
        entry = note_entered(source);
        if (!deliver(slot, kind, (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)list, 0)) {
            refusal = NdisChimneyRefusedNoCompletionHandler;
        }
        note_left(entry);
    }
    leave(registry, slot);
    return refusal;
}

/* RegistryTables.complete, after OffloadExports' `complete` found the
 * registry by the handle's id: a refusal counted while the adapter is
 * entered, reported after it is left. */
static inline void complete(unsigned kind, NDIS_HANDLE miniport, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list) {
    uint64_t handle = (uint64_t)(uintptr_t)miniport;
    const guarded_registry *registry = lookup_by_id(handle);
    guarded_adapter *adapter;
    ULONG refusal;
    if (registry == NULL) return;
    adapter = enter_adapter(registry, handle);
    if (adapter == NULL) {
        report(registry, NdisChimneyRefusedUnknownAdapter, COMPLETION_ROUTINE + kind, handle, list);
        return;
    }
    refusal = deliver_completion(registry, adapter, kind, list);
    if (refusal != 0) atomic_fetch_add_explicit(&adapter->refused_completions, 1, memory_order_relaxed);
    leave_adapter(registry, adapter);
    if (refusal != 0) report(registry, refusal, COMPLETION_ROUTINE + kind, handle, list);
}

/* The WDK's routines, each a function of its own as the library's are
 * (noinline: the loops below call them as a driver calls a library). */
#define GUARDED_REQUEST(name, kind)                                                                                \
    __attribute__((noinline)) VOID NDIS_CHIMNEY_CC name(NDIS_HANDLE binding, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) { \
        request(kind, binding, list);                                                                              \
    }
#define GUARDED_COMPLETION(name, kind)                                                                             \
    __attribute__((noinline)) VOID NDIS_CHIMNEY_CC name(NDIS_HANDLE adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list) { \
        complete(kind, adapter, list);                                                                             \
    }
GUARDED_REQUEST(guarded_initiate_offload, NdisChimneyInitiateOffloadRequest)
GUARDED_REQUEST(guarded_terminate_offload, NdisChimneyTerminateOffloadRequest)
GUARDED_REQUEST(guarded_update_offload, NdisChimneyUpdateOffloadRequest)
GUARDED_REQUEST(guarded_invalidate_offload, NdisChimneyInvalidateOffloadRequest)
GUARDED_REQUEST(guarded_query_offload_state, NdisChimneyQueryOffloadStateRequest)
GUARDED_COMPLETION(guarded_m_initiate_offload_complete, NdisChimneyInitiateOffloadRequest)
GUARDED_COMPLETION(guarded_m_terminate_offload_complete, NdisChimneyTerminateOffloadRequest)
GUARDED_COMPLETION(guarded_m_update_offload_complete, NdisChimneyUpdateOffloadRequest)
GUARDED_COMPLETION(guarded_m_invalidate_offload_complete, NdisChimneyInvalidateOffloadRequest)
GUARDED_COMPLETION(guarded_m_query_offload_state_complete, NdisChimneyQueryOffloadStateRequest)

NDIS_STATUS guarded_adapter_counts(NDIS_HANDLE handle, PNDIS_CHIMNEY_ADAPTER_COUNTS counts) {
    const guarded_registry *registry = lookup_by_id((uint64_t)(uintptr_t)handle);
    guarded_adapter *adapter;
    if (registry == NULL || counts == NULL) return NDIS_STATUS_INVALID_PARAMETER;
    adapter = enter_adapter(registry, (uint64_t)(uintptr_t)handle);
    if (adapter == NULL) return NDIS_STATUS_INVALID_PARAMETER;
    counts->RefusedCompletions = atomic_load_explicit(&adapter->refused_completions, memory_order_relaxed);
    counts->RefusedIndications = atomic_load_explicit(&adapter->refused_indications, memory_order_relaxed);
    counts->FailedRequests = atomic_load_explicit(&adapter->failed_requests, memory_order_relaxed);
    leave_adapter(registry, adapter);
    return NDIS_STATUS_SUCCESS;
}

void baseline_guarded_requests(const NDIS_HANDLE *handles, size_t mask, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list,
                               size_t n) {
    size_t i;
    for (i = 0; i < n; i++) guarded_query_offload_state(handles[i & mask], list);
}

void baseline_guarded_completions(NDIS_HANDLE adapter, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *lists, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) guarded_m_query_offload_state_complete(adapter, &lists[i]);
}
