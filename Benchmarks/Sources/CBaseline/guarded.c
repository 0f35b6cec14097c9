#include "guarded.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "baseline.h"

#define SLOT_SHIFT 6
#define LOW_MASK ((UINT64_C(1) << 30) - 1)
#define GENERATION_MASK (~LOW_MASK)
#define CLOSED (UINT64_C(1) << 29)
#define CLOSE_WAITING (UINT64_C(1) << 28)
#define IN_FLIGHT_MASK (CLOSE_WAITING - 1)
#define IN_FLIGHT_LIMIT ((UINT64_C(1) << 20) - 1)
#define CONSTANT_BITS UINT64_C(1)                        /* registry id 0, binding kind, tag */
#define REGISTRY_HANDLE (UINT64_C(1) << 30 | 2 << 1 | 1) /* registry id 0, registry kind, tag */
#define REGISTRY_SHIFT 22
#define ENTERED_SLOTS 16
#define ABANDONED_SLOTS 4

typedef struct guarded_entries {
    _Atomic(uintptr_t) version;
    _Atomic(uintptr_t) copies[2 * NdisChimneyEntryPointCount];
} guarded_entries;

typedef struct guarded_slot {
    _Atomic(uint64_t) state;
    NDIS_HANDLE context;
    const guarded_entries *driver;
} guarded_slot;

typedef struct guarded_registry {
    unsigned char *slots; /* slot i at byte i << SLOT_SHIFT */
    uint64_t capacity;
    uint64_t constant_bits;
    uint64_t in_flight_limit;
    guarded_entries driver;
} guarded_registry;

/* The directory of live registries: a registry handle's key, and what it
 * names, by the handle's id. */
static struct {
    _Atomic(uint64_t) handle;
    guarded_registry *registry;
} keys[256];

/* The bindings this thread has entered, and those it left with longjmp,
 * as the library keeps them. */
static __thread struct {
    uint32_t depth;
    uint32_t abandoned_count;
    uintptr_t entered[ENTERED_SLOTS];
    uintptr_t abandoned[ABANDONED_SLOTS];
} thread_state;

/* The level entered and the entry it overwrote, given back on leaving. */
typedef struct {
    uint32_t depth;
    uintptr_t overwritten;
} entry_token;

NDIS_HANDLE guarded_create(size_t bindings, NDIS_HANDLE context, NDIS_HANDLE *handles) {
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
    keys[0].registry = registry;
    atomic_store_explicit(&keys[0].handle, REGISTRY_HANDLE, memory_order_release);
    return (NDIS_HANDLE)(uintptr_t)REGISTRY_HANDLE;
}

void guarded_destroy(NDIS_HANDLE registry) {
    (void)registry;
    atomic_store_explicit(&keys[0].handle, 0, memory_order_release);
    free(keys[0].registry->slots);
    free(keys[0].registry);
}

/* The registry a handle names, or NULL. */
static inline const guarded_registry *lookup(NDIS_HANDLE handle) {
    uint64_t value = (uint64_t)(uintptr_t)handle;
    size_t id = (size_t)(value >> REGISTRY_SHIFT) & 255;
    if (atomic_load_explicit(&keys[id].handle, memory_order_acquire) != value) return NULL;
    return keys[id].registry;
}

/* Out of line, as the library's: wakes the closes waiting. Never reached
 * here, where nothing closes; the empty asm keeps the compiler from seeing
 * that it does nothing and dropping the test that calls it. */
__attribute__((noinline)) static void wake_closers(const guarded_registry *registry) {
    __asm__ __volatile__("" : : "r"(registry) : "memory");
}

static inline guarded_slot *enter(const guarded_registry *registry, uint64_t handle);

static inline void leave(const guarded_registry *registry, guarded_slot *slot) {
    uint64_t found = atomic_fetch_sub_explicit(&slot->state, 1, memory_order_release);
    if ((found & (CLOSE_WAITING | IN_FLIGHT_MASK)) == (CLOSE_WAITING | 1)) wake_closers(registry);
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
        leave(registry, slot);
        return NULL;
    }
    return slot;
}

static inline entry_token note_entered(uintptr_t handle) {
    uint32_t depth = thread_state.depth;
    uintptr_t *entry = &thread_state.entered[depth & (ENTERED_SLOTS - 1)];
    entry_token token = {depth, *entry};
    *entry = handle;
    thread_state.depth = depth + 1;
    return token;
}

/* Out of line, as the library's: levels above `depth` left with longjmp. */
__attribute__((noinline)) static void abandon_above(uint32_t depth) {
    uint32_t top = thread_state.depth;
    uint32_t level = top - depth - 1 > ENTERED_SLOTS ? top - ENTERED_SLOTS : depth + 1;
    for (; level < top; level++)
        thread_state.abandoned[thread_state.abandoned_count++ & (ABANDONED_SLOTS - 1)] =
            thread_state.entered[level & (ENTERED_SLOTS - 1)];
    thread_state.depth = depth + 1;
}

static inline void note_left(entry_token token) {
    if (__builtin_expect(thread_state.depth != token.depth + 1, 0)) abandon_above(token.depth);
    thread_state.entered[token.depth & (ENTERED_SLOTS - 1)] = token.overwritten;
    thread_state.depth = token.depth;
}

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
        ((atomic_load_explicit(&slot->state, memory_order_acquire) ^ (handle & GENERATION_MASK)) & ~IN_FLIGHT_MASK) == 0)
        return NDIS_STATUS_RESOURCES;
    return NDIS_STATUS_INVALID_PARAMETER;
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
