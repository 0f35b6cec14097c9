#include "validation.h"

size_t baseline_validator_loop(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi, size_t n) {
    size_t valid = 0;
    for (size_t i = 0; i < n; i++) {
        valid += baseline_validate(Image, ImageSize, Abi) == NDIS_STATUS_SUCCESS;
    }
    return valid;
}

size_t baseline_validate_image_loop(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi, size_t n) {
    size_t valid = 0;
    for (size_t i = 0; i < n; i++) {
        valid += NdisChimneyValidateImage(Image, ImageSize, Abi, NULL, 0) == NDIS_STATUS_SUCCESS;
    }
    return valid;
}
