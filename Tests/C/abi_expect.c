/* Compiled by abi-check for each target with the expected values of that
 * target passed as -D macros: the header's own branch choice is checked from
 * outside, against numbers written down per target in abi-check.sh. */
#include "ndischimney.h"

#define EXPECT(cond) NDIS_CHIMNEY_STATIC_ASSERT(cond, #cond)

EXPECT(sizeof(void *) == EXPECT_POINTER);
EXPECT(sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS) == EXPECT_CHARACTERISTICS);
EXPECT(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 == EXPECT_CHARACTERISTICS);
EXPECT(offsetof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler) ==
       EXPECT_CHARACTERISTICS - EXPECT_POINTER);
EXPECT(sizeof(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) == EXPECT_BLOCK_LIST);
EXPECT(offsetof(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NetBufferListChain) == EXPECT_BLOCK_LIST - EXPECT_POINTER);
EXPECT(sizeof(ULONG) == 4);
EXPECT(sizeof(NDIS_OBJECT_HEADER) == 4);
