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
 * Besides libc it declares the two things Swift cannot: a thread-local
 * variable and a function run when the library is unloaded (both defined in
 * platform.c). The functions below only store and load the variable, and the
 * unload hook only calls Swift; what the registry does with them is in Swift
 * (BindingTable, RegistryCore, RegistryDirectory).
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
 * first, the thread remembers (a power of two). */
#define NDIS_CHIMNEY_ENTERED_SLOTS 16

/* The bindings this thread has entered to run a handler and not yet left:
 * `depth` counts them all, `entered[i % NDIS_CHIMNEY_ENTERED_SLOTS]` holds
 * the binding handle of the i-th, so the innermost sixteen are known. */
typedef struct ndis_chimney_thread_state {
    uint32_t depth;
    uintptr_t entered[NDIS_CHIMNEY_ENTERED_SLOTS];
} ndis_chimney_thread_state;

/* Initial-exec: one instruction to reach it, no call; a library loaded with
 * dlopen takes it from the static TLS glibc keeps spare for that. */
extern __thread ndis_chimney_thread_state ndis_chimney_thread __attribute__((tls_model("initial-exec")));

/* Records that this thread has entered the binding `handle`; returns the
 * depth to give back to ndis_chimney_leave. */
static inline uint32_t ndis_chimney_enter(uintptr_t handle) {
    uint32_t depth = ndis_chimney_thread.depth;
    ndis_chimney_thread.entered[depth & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)] = handle;
    ndis_chimney_thread.depth = depth + 1;
    return depth;
}

/* Forgets the bindings entered since ndis_chimney_enter returned `depth`. */
static inline void ndis_chimney_leave(uint32_t depth) { ndis_chimney_thread.depth = depth; }

/* How many bindings this thread has entered and not left. */
static inline uint32_t ndis_chimney_entered_depth(void) { return ndis_chimney_thread.depth; }

/* The handle this thread entered at `depth` (below the current depth, and
 * no more than NDIS_CHIMNEY_ENTERED_SLOTS below it). */
static inline uintptr_t ndis_chimney_entered_at(uint32_t depth) {
    return ndis_chimney_thread.entered[depth & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)];
}

/* Frees the registry directory if no registry is alive (RegistryDirectory,
 * in Swift); platform.c calls it when the library is unloaded. */
void ndis_chimney_unload(void);

#endif /* NDIS_CHIMNEY_PLATFORM_H */
