/*
 * Compiles the platform header into every build, so that a header that
 * stops compiling fails the build that uses it.
 */
#include "ndischimney_platform.h"
