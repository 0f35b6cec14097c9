/*
 * The thread-local state of ndischimney_platform.h, and the hook that runs
 * when the library is unloaded (Swift can declare neither). Each copy of the
 * library has its own.
 */
/* O_CLOEXEC: POSIX 2008, not plain C11. */
#define _POSIX_C_SOURCE 200809L

#include "ndischimney_platform.h"

#include <fcntl.h>

__thread ndis_chimney_thread_state ndis_chimney_thread __attribute__((tls_model("initial-exec")));

/* Out of line: only a handler left with longjmp into an enclosing handler
 * leads here. The innermost sixteen of the abandoned levels are still in
 * `entered`; the entries they overwrote, kept by their lost tokens, are
 * gone (nesting deeper than sixteen and then jumping, together). */
void ndis_chimney_abandon_above(uint32_t depth) {
    ndis_chimney_thread_state *thread = &ndis_chimney_thread;
    uint32_t top = thread->depth;
    uint32_t first = top - depth - 1 > NDIS_CHIMNEY_ENTERED_SLOTS ? top - NDIS_CHIMNEY_ENTERED_SLOTS : depth + 1;
    for (uint32_t level = first; level < top; level++) {
        thread->abandoned[thread->abandoned_count & (NDIS_CHIMNEY_ABANDONED_SLOTS - 1)] =
            thread->entered[level & (NDIS_CHIMNEY_ENTERED_SLOTS - 1)];
        thread->abandoned_count++;
    }
    thread->depth = depth + 1;
}

/* When the library is unloaded (dlclose) or the process exits: the
 * registry directory, made by the first creation, goes too, so that loading
 * and unloading the library repeatedly leaks nothing. */
__attribute__((destructor)) static void ndis_chimney_unloaded(void) { ndis_chimney_unload(); }

int ndis_chimney_open_for_reading(const char *path) { return open(path, O_RDONLY | O_CLOEXEC); }
