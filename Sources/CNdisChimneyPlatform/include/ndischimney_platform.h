/*
 * ndischimney_platform.h - the C library functions the NdisChimney module
 * uses, reached the same way in both of its builds.
 *
 * The module is compiled twice from one source tree: by SwiftPM for Swift
 * users, and in Embedded Swift for libndischimney (the Makefile). Embedded
 * Swift has no Glibc overlay, so the module imports libc through this header
 * in both builds rather than `import Glibc` in one and something else in the
 * other. Not installed: it is part of the library's implementation, not of
 * its API.
 */
#ifndef NDIS_CHIMNEY_PLATFORM_H
#define NDIS_CHIMNEY_PLATFORM_H

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#endif /* NDIS_CHIMNEY_PLATFORM_H */
