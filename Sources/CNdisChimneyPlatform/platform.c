/*
 * The thread-local state of ndischimney_platform.h (Swift cannot declare a
 * thread-local variable). Each copy of the library has its own.
 */
#include "ndischimney_platform.h"

__thread ndis_chimney_thread_state ndis_chimney_thread __attribute__((tls_model("initial-exec")));
