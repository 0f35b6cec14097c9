/* The C side of the validation benchmarks: a C validator of the library's
 * rules (Docs/Validation.md), the baseline NdisChimneyValidateImage is held
 * to, and C loops over it and over the library's C entry point. */
#ifndef NDIS_CHIMNEY_BASELINE_VALIDATION_H
#define NDIS_CHIMNEY_BASELINE_VALIDATION_H

#include <stddef.h>
#include <ndischimney_registry.h>

/* The library's rules in plain C, verdict only: Image not NULL, Abi known,
 * the 4 header bytes there, Revision >= 1, Size >= the ABI's revision-1 size,
 * Size <= ImageSize, Flags == 0. Defined in validator.c, apart from the
 * loops, so that no loop can inline it. */
NDIS_STATUS baseline_validate(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi);

/* n calls of baseline_validate; returns how many answered SUCCESS. */
size_t baseline_validator_loop(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi, size_t n);

/* n calls of the library's NdisChimneyValidateImage with no Message buffer;
 * returns how many answered SUCCESS. */
size_t baseline_validate_image_loop(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi, size_t n);

#endif
