#include "guarded.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "baseline.h"

#define SLOT_SHIFT 6
#define LOW_MASK ((UINT64_C(1) << 30) - 1)
#define GENERATION_MASK (~LOW_MASK)
#define CLOSED (UINT64_C(1) << 29)
#define IN_FLIGHT_LIMIT ((UINT64_C(1) << 20) - 1)
#define CONSTANT_BITS UINT64_C(1) /* registry id 0, binding kind, tag */

typedef struct guarded_entries {
    _Atomic(uintptr_t) version;
    _Atomic(uintptr_t) copies[2 * NdisChimneyEntryPointCount];
} guarded_entries;

typedef struct guarded_slot {
    _Atomic(uint64_t) state;
    NDIS_HANDLE context;
    const guarded_entries *driver;
} guarded_slot;

struct guarded_registry {
    unsigned char *slots; /* slot i at byte i << SLOT_SHIFT */
    uint64_t capacity;
    uint64_t constant_bits;
    uint64_t in_flight_limit;
    guarded_entries driver;
};

guarded_registry *guarded_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles) {
    guarded_registry *registry = calloc(1, sizeof *registry);
    void *slots = NULL;
    size_t i;
    if (registry == NULL || posix_memalign(&slots, 64, bindings << SLOT_SHIFT) != 0) abort();
    registry->slots = slots;
    registry->capacity = bindings;
    registry->constant_bits = CONSTANT_BITS;
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
        handles[i] = (NDIS_HANDLE)(uintptr_t)(generation << 30 | i << SLOT_SHIFT | CONSTANT_BITS);
    }
    return registry;
}

void guarded_destroy(guarded_registry *registry) {
    free(registry->slots);
    free(registry);
}

static inline guarded_slot *enter(const guarded_registry *registry, uint64_t handle) {
    uint64_t offset = (handle & LOW_MASK) ^ registry->constant_bits;
    uint64_t index = offset >> SLOT_SHIFT | offset << (64 - SLOT_SHIFT);
    guarded_slot *slot;
    uint64_t found;
    if (index >= registry->capacity) return NULL;
    slot = (guarded_slot *)(registry->slots + offset);
    found = atomic_fetch_add_explicit(&slot->state, 1, memory_order_acquire);
    if ((found ^ (handle & GENERATION_MASK)) >= registry->in_flight_limit) {
        atomic_fetch_sub_explicit(&slot->state, 1, memory_order_release);
        return NULL;
    }
    return slot;
}

static inline void leave(guarded_slot *slot) { atomic_fetch_sub_explicit(&slot->state, 1, memory_order_release); }

static inline uintptr_t address(const guarded_entries *entries, unsigned kind) {
    for (;;) {
        uintptr_t version = atomic_load_explicit(&entries->version, memory_order_acquire);
        uintptr_t found = atomic_load_explicit(&entries->copies[(version & 1) * NdisChimneyEntryPointCount + kind],
                                               memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&entries->version, memory_order_relaxed) == version) return found;
    }
}

static inline int deliver(const guarded_slot *slot, unsigned kind, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, ULONG code) {
    uintptr_t found = address(slot->driver, kind);
    if (found == 0) return 0;
    if (kind == NdisChimneyIndicateOffloadEvent) {
        ((INDICATE_OFFLOAD_EVENT_HANDLER)found)(slot->context, list, code);
    } else {
        ((INITIATE_OFFLOAD_COMPLETE_HANDLER)found)(slot->context, list);
    }
    return 1;
}

/* Out of line, as the library's: why a handle was refused. */
__attribute__((noinline)) static NDIS_STATUS refusal(const guarded_registry *registry, uint64_t handle) {
    uint64_t offset = (handle & LOW_MASK) ^ registry->constant_bits;
    uint64_t index = offset >> SLOT_SHIFT | offset << (64 - SLOT_SHIFT);
    guarded_slot *slot = (guarded_slot *)(registry->slots + offset);
    if (index < registry->capacity &&
        ((atomic_load_explicit(&slot->state, memory_order_acquire) ^ (handle & GENERATION_MASK)) & ~(CLOSED - 1)) == 0)
        return NDIS_STATUS_RESOURCES;
    return NDIS_STATUS_INVALID_PARAMETER;
}

/* noinline, here and in the batch: the loops below call them as a driver
 * calls a library's entry point, as the library's are called. */
__attribute__((noinline)) NDIS_STATUS NDIS_CHIMNEY_CC guarded_dispatch(const guarded_registry *registry, NDIS_HANDLE binding, ULONG entry_point,
                                             PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, ULONG code) {
    guarded_slot *slot;
    int delivered;
    if (registry == NULL || entry_point >= NdisChimneyEntryPointCount) return NDIS_STATUS_INVALID_PARAMETER;
    slot = enter(registry, (uint64_t)(uintptr_t)binding);
    if (slot == NULL) return refusal(registry, (uint64_t)(uintptr_t)binding);
    delivered = deliver(slot, entry_point, list, code);
    leave(slot);
    return delivered ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;
}

__attribute__((noinline)) ULONG NDIS_CHIMNEY_CC guarded_dispatch_batch(const guarded_registry *registry,
                                             const NDIS_CHIMNEY_COMPLETION *completions, ULONG count) {
    ULONG delivered = 0, i;
    guarded_slot *slot = NULL;
    uint64_t slot_handle = 0;
    if (registry == NULL || completions == NULL) return 0;
    for (i = 0; i < count; i++) {
        uint64_t handle = (uint64_t)(uintptr_t)completions[i].BindingHandle;
        if (handle != slot_handle) {
            if (slot != NULL) leave(slot);
            slot = enter(registry, handle);
            slot_handle = handle;
        }
        if (slot == NULL || completions[i].EntryPoint >= NdisChimneyEntryPointCount) continue;
        delivered += (ULONG)deliver(slot, completions[i].EntryPoint, completions[i].OffloadBlockList,
                                    completions[i].IndicationCode);
    }
    if (slot != NULL) leave(slot);
    return delivered;
}

size_t baseline_guarded(const guarded_registry *registry, const NDIS_HANDLE *handles, size_t mask, unsigned kind,
                        PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n) {
    size_t delivered = 0, i;
    for (i = 0; i < n; i++) {
        delivered += guarded_dispatch(registry, handles[i & mask], kind, list, 0) == NDIS_STATUS_SUCCESS;
    }
    return delivered;
}

size_t baseline_guarded_batch(const guarded_registry *registry, const NDIS_CHIMNEY_COMPLETION *batch, ULONG count,
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
