#include <string.h>

#include "validation.h"

NDIS_STATUS baseline_validate(const void *Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi) {
    /* The revision-1 size (Flags and six pointers after the 4-byte header)
     * of host, x86, x64, arm64 and arm, in NDIS_CHIMNEY_ABI order. */
    static const unsigned short revision1_size[] = {
        NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1, 32, 56, 56, 32};
    const unsigned char *bytes = Image;
    unsigned short size;
    ULONG flags;
    if (bytes == NULL || (unsigned)Abi > NdisChimneyAbiArm || ImageSize < 4 || bytes[1] < 1) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    size = (unsigned short)(bytes[2] | bytes[3] << 8);
    if (size < revision1_size[Abi] || size > ImageSize) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    memcpy(&flags, bytes + 4, sizeof flags); /* little-endian host */
    return flags == 0 ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER;
}
