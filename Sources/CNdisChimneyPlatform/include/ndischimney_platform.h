/*
 * ndischimney_platform.h - what the NdisChimney module needs from the
 * platform, reached the same way in both of its builds.
 *
 * The module is compiled twice from one source tree: by SwiftPM for Swift
 * users, and in Embedded Swift for libndischimney (the Makefile). Embedded
 * Swift has no Glibc overlay, so the module imports libc through this header
 * in both builds rather than `import Glibc` in one and something else in the
 * other. Not installed: it is part of the library's implementation, not of
 * its API.
 *
 * Besides libc it declares what Swift cannot: a thread-local variable, a
 * function run when the library is unloaded and a way to call open (defined
 * in platform.c), and an atomic step on memory Swift does not own. The
 * functions below only store and load the variable, take a pointer, open a
 * file and call Swift; what the registry does with them is in Swift
 * (RegistryTables, RegistryCore, RegistryDirectory, GenerationKey).
 */
#ifndef NDIS_CHIMNEY_PLATFORM_H
#define NDIS_CHIMNEY_PLATFORM_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How many of the bindings whose handlers a thread is running, innermost
 * first, the thread remembers, and how many of those it left without
 * returning (a power of two each). */
#define NDIS_CHIMNEY_ENTERED_SLOTS 16
#define NDIS_CHIMNEY_ABANDONED_SLOTS 4

/* The bindings this thread has entered to run a handler and not yet left:
 * `depth` counts them all, `entered[i % NDIS_CHIMNEY_ENTERED_SLOTS]` holds
 * the binding handle of the i-th, so the innermost sixteen are known. An
 * entry a deeper level overwrote comes back when that level leaves (the
 * level's token keeps it). `abandoned` holds the bindings of handlers left
 * with longjmp into an enclosing handler, which the thread never leaves:
 * the last NDIS_CHIMNEY_ABANDONED_SLOTS of them (few: every copy of the
 * library takes this much of the static TLS glibc keeps for dlopen), `abandoned_count` counting
 * them all. */
typedef struct ndis_chimney_thread_state {
    uint32_t depth;
    uint32_t abandoned_count;
    uintptr_t entered[NDIS_CHIMNEY_ENTERED_SLOTS];
    uintptr_t abandoned[NDIS_CHIMNEY_ABANDONED_SLOTS];
} ndis_chimney_thread_state;

/* Initial-exec: one instruction to reach it, no call; a library loaded with
 * dlopen takes it from the static TLS glibc keeps spare for that (a few
 * hundred bytes each copy; Docs/C-API.md says what that limits). */
extern __thread ndis_chimney_thread_state ndis_chimney_thread __attribute__((tls_model("initial-exec")));

/* What ndis_chimney_leave needs back: the level entered and the entry its
 * handle overwrote. */
typedef struct ndis_chimney_entry_token {
    uint32_t depth;
    uintptr_t overwritten;
} ndis_chimney_entry_token;

/* Records that this thread has entered the binding `handle`. */
static inline ndis_chimney_entry_token ndis_chimney_enter(uintptr_t handle) {
    uint32_t depth = ndis_chimney_thread.depth;
    uintptr_t *entry = &ndis_chimney_thread.entered[depth & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)];
    ndis_chimney_entry_token token = {depth, *entry};
    *entry = handle;
    ndis_chimney_thread.depth = depth + 1;
    return token;
}

/* Moves the levels above `depth`, whose handlers were left with longjmp
 * (their leave never ran), to the thread's abandoned list. */
void ndis_chimney_abandon_above(uint32_t depth);

/* Forgets the binding `token` entered, and puts back the entry it
 * overwrote. A deeper level still recorded was left without returning: it
 * is remembered as abandoned first. */
static inline void ndis_chimney_leave(ndis_chimney_entry_token token) {
    if (__builtin_expect(ndis_chimney_thread.depth != token.depth + 1, 0)) ndis_chimney_abandon_above(token.depth);
    ndis_chimney_thread.entered[token.depth & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)] = token.overwritten;
    ndis_chimney_thread.depth = token.depth;
}

/* How many bindings this thread has entered and not left. */
static inline uint32_t ndis_chimney_entered_depth(void) { return ndis_chimney_thread.depth; }

/* The handle this thread entered at `depth` (below the current depth, and
 * no more than NDIS_CHIMNEY_ENTERED_SLOTS below it). */
static inline uintptr_t ndis_chimney_entered_at(uint32_t depth) {
    return ndis_chimney_thread.entered[depth & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)];
}

/* How many bindings this thread has abandoned (all of them). */
static inline uint32_t ndis_chimney_abandoned_count(void) { return ndis_chimney_thread.abandoned_count; }

/* The `index`-th binding this thread abandoned (below the count, and no more
 * than NDIS_CHIMNEY_ABANDONED_SLOTS below it). */
static inline uintptr_t ndis_chimney_abandoned_at(uint32_t index) {
    return ndis_chimney_thread.abandoned[index & (NDIS_CHIMNEY_ABANDONED_SLOTS - 1)];
}

/* open(path, O_RDONLY | O_CLOEXEC): open is variadic, which Swift cannot
 * call. */
int ndis_chimney_open_for_reading(const char *path);

/* Takes the pointer at *Field if it is still Expected, leaving NULL there,
 * in one atomic step; returns whether it did. The offload completion
 * routines take a block list's SourceHandle so, so that two completions of
 * one request cannot both deliver it (Swift's atomics work only on memory
 * Swift owns, and the block list is the caller's). */
static inline int ndis_chimney_take_pointer(void *volatile *Field, void *Expected) {
    return __atomic_compare_exchange_n(Field, &Expected, (void *)0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Reads the pointer at *Field in one atomic step: a completion reads a
 * block list's SourceHandle so, as another completion of the same block
 * list may be taking it at the same moment. */
static inline void *ndis_chimney_load_pointer(void *volatile *Field) {
    return __atomic_load_n(Field, __ATOMIC_ACQUIRE);
}

/* Puts back, in one atomic step, a pointer ndis_chimney_take_pointer took:
 * a completion that took SourceHandle but may not deliver leaves the block
 * list as it found it. Atomic because another completion of the same block
 * list may be taking it at the same moment. A request writes SourceHandle
 * so too, as a forged completion of the list may be racing it. */
static inline void ndis_chimney_put_pointer(void *volatile *Field, void *Pointer) {
    __atomic_store_n(Field, Pointer, __ATOMIC_RELEASE);
}

/* Frees the registry directory if no registry is alive (RegistryDirectory,
 * in Swift); platform.c calls it when the library is unloaded. */
void ndis_chimney_unload(void);

#endif /* NDIS_CHIMNEY_PLATFORM_H */
