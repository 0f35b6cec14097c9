/* Runs a fuzz target: under libFuzzer (linked with -sanitize=fuzzer) it hands
 * over to LLVMFuzzerRunDriver; in a plain build it replays the files named on
 * the command line (or every file in a named directory) through the target,
 * so the same executable reproduces a crash without the fuzzer. Exits the
 * process with the fuzzer's status, or 1 if a replayed input failed. */
#ifndef NDIS_CHIMNEY_FUZZ_DRIVER_H
#define NDIS_CHIMNEY_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*ndis_chimney_fuzz_target)(const uint8_t *data, size_t size);

__attribute__((noreturn)) void ndis_chimney_fuzz_main(int argc, char **argv, ndis_chimney_fuzz_target target);

#endif
