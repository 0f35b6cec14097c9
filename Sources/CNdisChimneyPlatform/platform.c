/*
 * The thread-local state of ndischimney_platform.h, and the hook that runs
 * when the library is unloaded (Swift can declare neither). Each copy of the
 * library has its own.
 */
#include "ndischimney_platform.h"

__thread ndis_chimney_thread_state ndis_chimney_thread __attribute__((tls_model("initial-exec")));

/* When the library is unloaded (dlclose) or the process exits: the
 * registry directory, made by the first creation, goes too, so that loading
 * and unloading the library repeatedly leaks nothing. */
__attribute__((destructor)) static void ndis_chimney_unloaded(void) { ndis_chimney_unload(); }
