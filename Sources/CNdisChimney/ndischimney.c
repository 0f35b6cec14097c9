/*
 * Compiles the public headers into the build, so that every build of the
 * package runs their layout assertions with the host compiler.
 */
#include "ndischimney.h"
