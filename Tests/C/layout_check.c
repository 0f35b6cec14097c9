/* Run-time layout checks of ndischimney.h with the host C compiler: the same
 * facts as the header's static assertions, measured again by a program that
 * runs, plus a call through every handler field. */
#include "ndischimney.h"
#include "check.h"

#include <string.h>

#define OFF(type, field) offsetof(type, field)
typedef NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS CHARS;
typedef NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST BLOCK;

static NDIS_HANDLE seen_context;
static PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST seen_list;
static ULONG seen_code;
static int seen_handler;

#define COMPLETE_HANDLER(n)                                                          \
    static VOID NDIS_CHIMNEY_CC complete_##n(NDIS_HANDLE context,                    \
                                             PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) \
    {                                                                                \
        seen_handler = n;                                                            \
        seen_context = context;                                                      \
        seen_list = list;                                                            \
    }
COMPLETE_HANDLER(1)
COMPLETE_HANDLER(2)
COMPLETE_HANDLER(3)
COMPLETE_HANDLER(4)
COMPLETE_HANDLER(5)

static VOID NDIS_CHIMNEY_CC indicate(NDIS_HANDLE context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list,
                                     ULONG code)
{
    seen_handler = 6;
    seen_context = context;
    seen_list = list;
    seen_code = code;
}

static void check_layout(void) {
    int wide = sizeof(void *) == 8;

    CHECK_EQ(sizeof(UCHAR), 1);
    CHECK_EQ(sizeof(USHORT), 2);
    CHECK_EQ(sizeof(ULONG), 4);
    CHECK_EQ(sizeof(NDIS_STATUS), 4);
    CHECK((NDIS_STATUS)-1 < 0);
    CHECK_EQ(sizeof(NDIS_PORT_NUMBER), 4);
    CHECK_EQ(sizeof(NDIS_HANDLE), sizeof(void *));

    CHECK_EQ(sizeof(NDIS_OBJECT_HEADER), 4);
    CHECK_EQ(OFF(NDIS_OBJECT_HEADER, Type), 0);
    CHECK_EQ(OFF(NDIS_OBJECT_HEADER, Revision), 1);
    CHECK_EQ(OFF(NDIS_OBJECT_HEADER, Size), 2);
    CHECK_EQ(sizeof(NDIS_DRIVER_OPTIONAL_HANDLERS), 4);

    CHECK_EQ(sizeof(NDIS_OFFLOAD_HANDLE), wide ? 16 : 8);
    CHECK_EQ(OFF(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext), wide ? 8 : 4);

    CHECK_EQ(sizeof(CHARS), wide ? 0x38 : 32);
    CHECK_EQ(OFF(CHARS, Header), 0);
    CHECK_EQ(OFF(CHARS, Flags), 4);
    CHECK_EQ(OFF(CHARS, InitiateOffloadCompleteHandler), 8);
    CHECK_EQ(OFF(CHARS, TerminateOffloadCompleteHandler), wide ? 16 : 12);
    CHECK_EQ(OFF(CHARS, UpdateOffloadCompleteHandler), wide ? 24 : 16);
    CHECK_EQ(OFF(CHARS, InvalidateOffloadCompleteHandler), wide ? 32 : 20);
    CHECK_EQ(OFF(CHARS, QueryOffloadCompleteHandler), wide ? 40 : 24);
    CHECK_EQ(OFF(CHARS, IndicateOffloadEventHandler), wide ? 48 : 28);
    CHECK_EQ(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1, wide ? 56 : 32);

    CHECK_EQ(sizeof(BLOCK), wide ? 0x98 : 76);
    CHECK_EQ(OFF(BLOCK, NextBlock), wide ? 8 : 4);
    CHECK_EQ(OFF(BLOCK, DependentBlockList), wide ? 16 : 8);
    CHECK_EQ(OFF(BLOCK, Status), wide ? 24 : 12);
    CHECK_EQ(OFF(BLOCK, NdisReserved), wide ? 32 : 16);
    CHECK_EQ(OFF(BLOCK, OffloadHandle), wide ? 56 : 28);
    CHECK_EQ(OFF(BLOCK, ProtocolReserved), wide ? 64 : 32);
    CHECK_EQ(OFF(BLOCK, MiniportReserved), wide ? 80 : 40);
    CHECK_EQ(OFF(BLOCK, ImReserved), wide ? 96 : 48);
    CHECK_EQ(OFF(BLOCK, Scratch), wide ? 112 : 56);
    CHECK_EQ(OFF(BLOCK, SourceHandle), wide ? 128 : 64);
    CHECK_EQ(OFF(BLOCK, PortNumber), wide ? 136 : 68);
    CHECK_EQ(OFF(BLOCK, NetBufferListChain), wide ? 144 : 72);
}

static void check_constants(void) {
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_SUCCESS, 0x00000000UL);
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_PENDING, 0x00000103UL);
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_FAILURE, 0xC0000001UL);
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_RESOURCES, 0xC000009AUL);
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_NOT_SUPPORTED, 0xC00000BBUL);
    CHECK_EQ((unsigned long)(ULONG)NDIS_STATUS_INVALID_PARAMETER, 0xC000000DUL);
    CHECK(NDIS_STATUS_FAILURE < 0);
    CHECK_EQ(NDIS_OBJECT_TYPE_DEFAULT, 0x80);
    CHECK_EQ(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0x8E);
    CHECK_EQ(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0x8F);
    CHECK_EQ(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1, 1);
    CHECK_EQ(NeighborReachabilityInDoubt, 1);
    CHECK_EQ(NeighborReachabilityQuery, 2);
    CHECK_EQ(MaxOffloadEvent, 3);
}

static void check_raw_bytes_and_calls(void) {
    /* As a WDK sample writes it: a static initializer with sizeof as Size. */
    CHARS chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1, sizeof(CHARS)},
        0xA1B2C3D4u, complete_1, complete_2, complete_3, complete_4, complete_5, indicate};
    unsigned char bytes[sizeof(CHARS)];
    BLOCK block;
    int context = 0;
    memcpy(bytes, &chars, sizeof bytes);
    CHECK_EQ(bytes[0], 0x8E);
    CHECK_EQ(bytes[1], 1);
    CHECK_EQ(bytes[2] | bytes[3] << 8, sizeof(CHARS));
    CHECK_EQ(bytes[4], 0xD4); /* Flags little-endian at offset 4 */
    CHECK_EQ(bytes[7], 0xA1);

    chars.InitiateOffloadCompleteHandler(&context, &block);
    CHECK_EQ(seen_handler, 1);
    chars.TerminateOffloadCompleteHandler(&context, &block);
    CHECK_EQ(seen_handler, 2);
    chars.UpdateOffloadCompleteHandler(&context, &block);
    CHECK_EQ(seen_handler, 3);
    chars.InvalidateOffloadCompleteHandler(&context, &block);
    CHECK_EQ(seen_handler, 4);
    chars.QueryOffloadCompleteHandler(&context, &block);
    CHECK_EQ(seen_handler, 5);
    CHECK(seen_context == &context && seen_list == &block);
    chars.IndicateOffloadEventHandler(&context, NULL, NeighborReachabilityInDoubt);
    CHECK_EQ(seen_handler, 6);
    CHECK(seen_list == NULL);
    CHECK_EQ(seen_code, 1);
}

int main(void) {
    check_layout();
    check_constants();
    check_raw_bytes_and_calls();
    return check_summary("layout_check");
}
