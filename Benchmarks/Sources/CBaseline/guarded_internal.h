/* The pieces the guarded C baselines share (guarded.c: dispatch and batch;
 * guarded_offload.c: the offload requests and completions): the registry's
 * layout, its directory, the thread's list of entered bindings and the
 * steps every path takes, each one the library's step of the same name
 * (Sources/NdisChimney/Registry/, Dispatch/RegistryTables.swift) written in
 * C. Private to CBaseline. */
#ifndef NDIS_CHIMNEY_GUARDED_INTERNAL_H
#define NDIS_CHIMNEY_GUARDED_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include <ndischimney_registry.h>

/* HandleBits. */
#define SLOT_SHIFT 6
#define LOW_MASK ((UINT64_C(1) << 30) - 1)
#define GENERATION_MASK (~LOW_MASK)
#define CLOSED (UINT64_C(1) << 29)
#define CLOSE_WAITING (UINT64_C(1) << 28)
#define IN_FLIGHT_MASK (CLOSE_WAITING - 1)
#define IN_FLIGHT_LIMIT ((UINT64_C(1) << 20) - 1)
#define REGISTRY_SHIFT 22
#define BINDING_BITS UINT64_C(1)             /* binding kind, tag; the registry's id above them */
#define ADAPTER_BITS (UINT64_C(4) << 1 | 1)  /* adapter kind, tag */
#define REGISTRY_BITS (UINT64_C(1) << 30 | 2 << 1 | 1) /* generation 1, registry kind, tag */
#define ENTERED_SLOTS 16
#define ABANDONED_SLOTS 4

/* DriverEntryPoints: two copies and a version. */
typedef struct guarded_entries {
    _Atomic(uintptr_t) version;
    _Atomic(uintptr_t) copies[2 * NdisChimneyEntryPointCount];
} guarded_entries;

struct guarded_adapter;

/* BindingSlot. */
typedef struct guarded_slot {
    _Atomic(uint64_t) state;
    NDIS_HANDLE context;
    const guarded_entries *driver;
    struct guarded_adapter *adapter; /* NULL: bound to none */
    _Atomic(uint64_t) outstanding;   /* requests passed to the adapter, not yet completed */
} guarded_slot;

/* AdapterSlot. */
typedef struct guarded_adapter {
    _Atomic(uint64_t) state;
    NDIS_HANDLE context; /* MiniportAdapterContext */
    const guarded_entries *provider;
    _Atomic(uint64_t) refused_completions;
    _Atomic(uint64_t) refused_indications;
    _Atomic(uint64_t) failed_requests;
} guarded_adapter;

/* RegistryTables.Header and what it points to. */
typedef struct guarded_registry {
    unsigned char *slots; /* slot i at byte i << SLOT_SHIFT */
    uint64_t capacity;
    uint64_t constant_bits;
    uint64_t in_flight_limit;
    guarded_entries driver;
    /* The offload target's side, set by guarded_offload_create. */
    unsigned char *adapters; /* adapter i at byte i << SLOT_SHIFT */
    uint64_t adapter_capacity;
    uint64_t adapter_constant_bits;
    guarded_entries provider; /* the miniport driver's five request handlers */
    guarded_entries hook;     /* the offload hook: function (entry 0) and context (entry 1) */
} guarded_registry;

/* RegistryDirectory's keys: a registry handle, and what it names, by the
 * handle's id (bits 22...29 of every handle). */
typedef struct guarded_key {
    _Atomic(uint64_t) handle;
    guarded_registry *registry;
} guarded_key;
extern guarded_key guarded_keys[256] __attribute__((visibility("hidden")));

/* The registry a handle of it names (any kind), whatever its state. */
static inline guarded_registry *registry_of(NDIS_HANDLE handle) {
    return guarded_keys[((uint64_t)(uintptr_t)handle >> REGISTRY_SHIFT) & 255].registry;
}

/* ndis_chimney_thread_state: the bindings this thread has entered, and
 * those it left with longjmp, as the library keeps them. */
typedef struct guarded_thread_state {
    uint32_t depth;
    uint32_t abandoned_count;
    uintptr_t entered[ENTERED_SLOTS];
    uintptr_t abandoned[ABANDONED_SLOTS];
} guarded_thread_state;
extern __thread guarded_thread_state guarded_thread __attribute__((visibility("hidden")));

/* ndis_chimney_entry_token: the level entered and the entry it overwrote,
 * given back on leaving. */
typedef struct {
    uint32_t depth;
    uintptr_t overwritten;
} entry_token;

/* Out of line, as the library's (CloseWaiters.wake, ndis_chimney_abandon_above). */
void guarded_wake_closers(const guarded_registry *registry) __attribute__((visibility("hidden")));
void guarded_abandon_above(uint32_t depth) __attribute__((visibility("hidden")));

/* RegistryTables.isOpen: whether `handle` names a binding open now. */
int guarded_is_open(const guarded_registry *registry, uint64_t handle) __attribute__((visibility("hidden")));

/* HandleBits.slotOffset: constant bits and index in one comparison; the
 * slot's byte offset, and in *valid whether it names a slot. */
static inline uint64_t slot_offset(uint64_t handle, uint64_t constant_bits, uint64_t capacity, int *valid) {
    uint64_t offset = (handle & LOW_MASK) ^ constant_bits;
    uint64_t index = offset >> SLOT_SHIFT | offset << (64 - SLOT_SHIFT);
    *valid = index < capacity;
    return offset;
}

/* SlotState.leave: true when the caller must wake a close. */
static inline int leave_state(_Atomic(uint64_t) *state) {
    uint64_t found = atomic_fetch_sub_explicit(state, 1, memory_order_release);
    return (found & (CLOSE_WAITING | IN_FLIGHT_MASK)) == (CLOSE_WAITING | 1);
}

/* SlotState.enter: one call in flight added either way; the slot is open
 * (with `closing`, open or closing) under the handle's generation with
 * fewer than `limit` calls in flight when what this returns is below the
 * limit. (The caller compares, so that the limit is read after the atomic
 * step, as guarded.c always read it.) */
static inline uint64_t enter_state(_Atomic(uint64_t) *state, uint64_t handle, int closing) {
    uint64_t found = atomic_fetch_add_explicit(state, 1, memory_order_acquire);
    uint64_t mismatch = found ^ (handle & GENERATION_MASK);
    return closing ? mismatch & ~(CLOSED | CLOSE_WAITING) : mismatch;
}

/* RegistryTables.leave(_:). */
static inline void leave(const guarded_registry *registry, guarded_slot *slot) {
    if (leave_state(&slot->state)) guarded_wake_closers(registry);
}

/* RegistryTables.enter(_:closing:). */
static inline guarded_slot *enter_binding(const guarded_registry *registry, uint64_t handle, int closing) {
    int valid;
    uint64_t offset = slot_offset(handle, registry->constant_bits, registry->capacity, &valid);
    guarded_slot *slot;
    if (!valid) return NULL;
    slot = (guarded_slot *)(registry->slots + offset);
    if (enter_state(&slot->state, handle, closing) >= registry->in_flight_limit) {
        leave(registry, slot);
        return NULL;
    }
    return slot;
}

static inline guarded_slot *enter(const guarded_registry *registry, uint64_t handle) {
    return enter_binding(registry, handle, 0);
}

/* ndis_chimney_enter. */
static inline entry_token note_entered(uintptr_t handle) {
    uint32_t depth = guarded_thread.depth;
    uintptr_t *entry = &guarded_thread.entered[depth & (ENTERED_SLOTS - 1)];
    entry_token token = {depth, *entry};
    *entry = handle;
    guarded_thread.depth = depth + 1;
    return token;
}

/* ndis_chimney_leave. */
static inline void note_left(entry_token token) {
    if (__builtin_expect(guarded_thread.depth != token.depth + 1, 0)) guarded_abandon_above(token.depth);
    guarded_thread.entered[token.depth & (ENTERED_SLOTS - 1)] = token.overwritten;
    guarded_thread.depth = token.depth;
}

/* DriverEntryPoints.address. */
static inline uintptr_t address(const guarded_entries *entries, unsigned kind) {
    for (;;) {
        uintptr_t version = atomic_load_explicit(&entries->version, memory_order_acquire);
        uintptr_t found = atomic_load_explicit(&entries->copies[(version & 1) * NdisChimneyEntryPointCount + kind],
                                               memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&entries->version, memory_order_relaxed) == version) return found;
    }
}

/* RegistryTables.deliver. */
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

#endif
