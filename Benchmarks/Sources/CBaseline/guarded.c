#include "guarded.h"

#include <stdlib.h>

#include "baseline.h"
#include "guarded_internal.h"

/* The directory and the thread's list (guarded_internal.h). */
guarded_key guarded_keys[256];
__thread guarded_thread_state guarded_thread;

NDIS_HANDLE guarded_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles) {
    guarded_registry *registry = calloc(1, sizeof *registry);
    void *slots = NULL;
    uint64_t id = 0, handle;
    size_t i;
    if (registry == NULL || posix_memalign(&slots, 64, bindings << SLOT_SHIFT) != 0) abort();
    /* The first free id: several registries may be alive at once. */
    while (id < 256 && atomic_load_explicit(&guarded_keys[id].handle, memory_order_relaxed) != 0) id++;
    if (id == 256) abort();
    handle = id << REGISTRY_SHIFT | REGISTRY_BITS;
    registry->slots = slots;
    registry->capacity = bindings;
    registry->constant_bits = id << REGISTRY_SHIFT | BINDING_BITS;
    registry->in_flight_limit = IN_FLIGHT_LIMIT;
    for (i = 0; i < NdisChimneyEntryPointCount; i++) {
        atomic_init(&registry->driver.copies[i],
                    i == NdisChimneyIndicateOffloadEvent ? (uintptr_t)baseline_count_event : (uintptr_t)baseline_count);
    }
    for (i = 0; i < bindings; i++) {
        guarded_slot *slot = (guarded_slot *)(registry->slots + (i << SLOT_SHIFT));
        uint64_t generation = i + 1;
        atomic_init(&slot->state, generation << 30);
        slot->context = context;
        slot->driver = &registry->driver;
        handles[i] = (NDIS_HANDLE)(uintptr_t)(generation << 30 | i << SLOT_SHIFT | registry->constant_bits);
    }
    guarded_keys[id].registry = registry;
    atomic_store_explicit(&guarded_keys[id].handle, handle, memory_order_release);
    return (NDIS_HANDLE)(uintptr_t)handle;
}

void guarded_destroy(NDIS_HANDLE handle) {
    guarded_registry *registry = registry_of(handle);
    atomic_store_explicit(&guarded_keys[((uint64_t)(uintptr_t)handle >> REGISTRY_SHIFT) & 255].handle, 0,
                          memory_order_release);
    free(registry->adapters);
    free(registry->slots);
    free(registry);
}

/* The registry a handle names exactly, or NULL (RegistryDirectory.tables(ofRegistry:)). */
static inline const guarded_registry *lookup(NDIS_HANDLE handle) {
    uint64_t value = (uint64_t)(uintptr_t)handle;
    size_t id = (size_t)(value >> REGISTRY_SHIFT) & 255;
    if (atomic_load_explicit(&guarded_keys[id].handle, memory_order_acquire) != value) return NULL;
    return guarded_keys[id].registry;
}

/* Out of line, as the library's: wakes the closes waiting. Never reached
 * here, where nothing closes; the empty asm keeps the compiler from seeing
 * that it does nothing and dropping the test that calls it. */
__attribute__((noinline)) void guarded_wake_closers(const guarded_registry *registry) {
    __asm__ __volatile__("" : : "r"(registry) : "memory");
}

/* Out of line, as the library's: levels above `depth` left with longjmp. */
__attribute__((noinline)) void guarded_abandon_above(uint32_t depth) {
    uint32_t top = guarded_thread.depth;
    uint32_t level = top - depth - 1 > ENTERED_SLOTS ? top - ENTERED_SLOTS : depth + 1;
    for (; level < top; level++)
        guarded_thread.abandoned[guarded_thread.abandoned_count++ & (ABANDONED_SLOTS - 1)] =
            guarded_thread.entered[level & (ENTERED_SLOTS - 1)];
    guarded_thread.depth = depth + 1;
}

/* RegistryTables.isOpen: whether the handle names a binding open now. */
int guarded_is_open(const guarded_registry *registry, uint64_t handle) {
    int valid;
    uint64_t offset = slot_offset(handle, registry->constant_bits, registry->capacity, &valid);
    const guarded_slot *slot = (const guarded_slot *)(registry->slots + offset);
    uint64_t state;
    if (!valid) return 0;
    state = atomic_load_explicit(&slot->state, memory_order_acquire);
    return ((state ^ (handle & GENERATION_MASK)) & ~IN_FLIGHT_MASK) == 0;
}

/* Out of line, as the library's: why a handle was refused. */
__attribute__((noinline)) static NDIS_STATUS refusal(const guarded_registry *registry, uint64_t handle) {
    return guarded_is_open(registry, handle) ? NDIS_STATUS_RESOURCES : NDIS_STATUS_INVALID_PARAMETER;
}

/* noinline, here and in the batch: the loops below call them as a driver
 * calls a library's entry point, as the library's are called. */
__attribute__((noinline)) NDIS_STATUS NDIS_CHIMNEY_CC guarded_dispatch(NDIS_HANDLE registry_handle, NDIS_HANDLE binding,
                                                                       ULONG entry_point,
                                                                       PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, ULONG code) {
    const guarded_registry *registry = lookup(registry_handle);
    guarded_slot *slot;
    entry_token entry;
    int delivered;
    if (registry == NULL || entry_point >= NdisChimneyEntryPointCount) return NDIS_STATUS_INVALID_PARAMETER;
    slot = enter(registry, (uint64_t)(uintptr_t)binding);
    if (slot == NULL) return refusal(registry, (uint64_t)(uintptr_t)binding);
    entry = note_entered((uintptr_t)binding);
    delivered = deliver(slot, entry_point, list, code);
    note_left(entry);
    leave(registry, slot);
    return delivered ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;
}

/* One entry per run of completions of one binding, the run delivered by an
 * inner loop, as the library's batch does. */
__attribute__((noinline)) ULONG NDIS_CHIMNEY_CC guarded_dispatch_batch(NDIS_HANDLE registry_handle,
                                                                       const NDIS_CHIMNEY_COMPLETION *completions,
                                                                       ULONG count) {
    const guarded_registry *registry = lookup(registry_handle);
    const NDIS_CHIMNEY_COMPLETION *completion = completions, *end = completions + count;
    ULONG delivered = 0;
    if (registry == NULL || completions == NULL) return 0;
    while (completion < end) {
        uintptr_t handle = (uintptr_t)completion->BindingHandle;
        guarded_slot *slot = enter(registry, handle);
        entry_token entry;
        if (slot == NULL) {
            do completion++;
            while (completion < end && (uintptr_t)completion->BindingHandle == handle);
            continue;
        }
        entry = note_entered(handle);
        do {
            if (completion->EntryPoint < NdisChimneyEntryPointCount)
                delivered += (ULONG)deliver(slot, completion->EntryPoint, completion->OffloadBlockList,
                                            completion->IndicationCode);
            completion++;
        } while (completion < end && (uintptr_t)completion->BindingHandle == handle);
        note_left(entry);
        leave(registry, slot);
    }
    return delivered;
}

/* The batch with a status for each completion, as a C programmer writes it:
 * each status stored as its completion is delivered or skipped. */
__attribute__((noinline)) ULONG NDIS_CHIMNEY_CC guarded_dispatch_batch_ex(NDIS_HANDLE registry_handle,
                                                                          const NDIS_CHIMNEY_COMPLETION *completions,
                                                                          ULONG count, NDIS_STATUS *statuses) {
    const guarded_registry *registry = lookup(registry_handle);
    const NDIS_CHIMNEY_COMPLETION *completion = completions, *end = completions + count;
    NDIS_STATUS *status = statuses;
    ULONG delivered = 0;
    if (registry == NULL || completions == NULL) {
        for (; status < statuses + count; status++) *status = NDIS_STATUS_INVALID_PARAMETER;
        return 0;
    }
    while (completion < end) {
        uintptr_t handle = (uintptr_t)completion->BindingHandle;
        guarded_slot *slot = enter(registry, handle);
        entry_token entry;
        if (slot == NULL) {
            NDIS_STATUS refused = refusal(registry, handle);
            do {
                *status++ = completion->EntryPoint < NdisChimneyEntryPointCount ? refused
                                                                                : NDIS_STATUS_INVALID_PARAMETER;
                completion++;
            } while (completion < end && (uintptr_t)completion->BindingHandle == handle);
            continue;
        }
        entry = note_entered(handle);
        do {
            if (completion->EntryPoint >= NdisChimneyEntryPointCount) {
                *status = NDIS_STATUS_INVALID_PARAMETER;
            } else if (deliver(slot, completion->EntryPoint, completion->OffloadBlockList,
                               completion->IndicationCode)) {
                *status = NDIS_STATUS_SUCCESS;
                delivered++;
            } else {
                *status = NDIS_STATUS_NOT_SUPPORTED;
            }
            status++;
            completion++;
        } while (completion < end && (uintptr_t)completion->BindingHandle == handle);
        note_left(entry);
        leave(registry, slot);
    }
    return delivered;
}

size_t baseline_guarded(NDIS_HANDLE registry, const NDIS_HANDLE *handles, size_t mask, unsigned kind,
                        PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n) {
    size_t delivered = 0, i;
    for (i = 0; i < n; i++) {
        delivered += guarded_dispatch(registry, handles[i & mask], kind, list, 0) == NDIS_STATUS_SUCCESS;
    }
    return delivered;
}

size_t baseline_guarded_batch(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *batch, ULONG count,
                              size_t rounds) {
    size_t delivered = 0, i;
    for (i = 0; i < rounds; i++) delivered += guarded_dispatch_batch(registry, batch, count);
    return delivered;
}

size_t baseline_entry_point_batch(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_CHIMNEY_COMPLETION *batch,
                                  ULONG count, size_t rounds) {
    size_t delivered = 0, i;
    for (i = 0; i < rounds; i++) delivered += NdisChimneyDispatchBatch(registry, batch, count);
    return delivered;
}

size_t baseline_guarded_batch_ex(NDIS_HANDLE registry, const NDIS_CHIMNEY_COMPLETION *batch, ULONG count,
                                 NDIS_STATUS *statuses, size_t rounds) {
    size_t delivered = 0, i;
    for (i = 0; i < rounds; i++) delivered += guarded_dispatch_batch_ex(registry, batch, count, statuses);
    return delivered;
}

size_t baseline_entry_point_batch_ex(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_CHIMNEY_COMPLETION *batch,
                                     ULONG count, NDIS_STATUS *statuses, size_t rounds) {
    size_t delivered = 0, i;
    for (i = 0; i < rounds; i++) delivered += NdisChimneyDispatchBatchEx(registry, batch, count, statuses);
    return delivered;
}
