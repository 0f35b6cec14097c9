/* Run-time layout checks of ndischimney.h with the host C compiler: the same
 * facts as the header's static assertions, written out as numbers (the x64
 * PDB offsets of the facts, ILP32 on a 32-bit host) and measured again by a
 * program that runs, plus a call through every handler field of every
 * structure. */
#include "ndischimney.h"
#include "check.h"

#include <string.h>

#define OFF(type, field) offsetof(type, field)
typedef NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS CHARS;
typedef NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST BLOCK;
typedef NDIS_MINIPORT_OFFLOAD_BLOCK_LIST MBLOCK;
typedef NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS PCHARS;
typedef NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS TCHARS;
typedef NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS PTCHARS;

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

/* The offload target's side and the TCP entry points, declared WDK style
 * (IN, OUT and OPTIONAL are empty): each records which one ran. */
static VOID NDIS_CHIMNEY_CC provider_generic(IN NDIS_HANDLE MiniportAdapterContext,
                                             IN OUT PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList)
{
    seen_handler += 10;
    seen_context = MiniportAdapterContext;
    seen_list = (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)OffloadBlockList;
}

static PNET_BUFFER_LIST seen_nbl;

static VOID NDIS_CHIMNEY_CC tcp_complete(IN NDIS_HANDLE ProtocolBindingContext,
                                         IN PNET_BUFFER_LIST NetBufferList)
{
    seen_handler += 100;
    seen_context = ProtocolBindingContext;
    seen_nbl = NetBufferList;
}

static VOID NDIS_CHIMNEY_CC tcp_event(IN PVOID OffloadContext, IN ULONG EventType,
                                      IN ULONG EventSpecificInformation)
{
    seen_handler += 1000;
    seen_context = OffloadContext;
    seen_code = EventType + EventSpecificInformation;
}

static NDIS_STATUS NDIS_CHIMNEY_CC tcp_indicate(IN PVOID OffloadContext, IN PNET_BUFFER_LIST NetBufferList,
                                                IN NDIS_STATUS Status, OUT PULONG BytesConsumed)
{
    seen_context = OffloadContext;
    seen_nbl = NetBufferList;
    *BytesConsumed = 7;
    return Status;
}

static NDIS_STATUS NDIS_CHIMNEY_CC tcp_send(IN NDIS_HANDLE MiniportAdapterContext,
                                            IN PVOID MiniportOffloadContext OPTIONAL,
                                            IN PNET_BUFFER_LIST NetBufferList)
{
    seen_handler += 10000;
    seen_context = MiniportOffloadContext;
    seen_nbl = NetBufferList;
    return MiniportAdapterContext == NULL ? NDIS_STATUS_FAILURE : NDIS_STATUS_PENDING;
}

static NDIS_STATUS NDIS_CHIMNEY_CC tcp_disconnect(IN NDIS_HANDLE MiniportAdapterContext,
                                                  IN PVOID MiniportOffloadContext,
                                                  IN PNET_BUFFER_LIST NetBufferList, IN ULONG Flags)
{
    seen_code = Flags;
    return tcp_send(MiniportAdapterContext, MiniportOffloadContext, NetBufferList);
}

static NDIS_STATUS NDIS_CHIMNEY_CC tcp_receive_return(IN NDIS_HANDLE MiniportAdapterContext,
                                                      IN PNET_BUFFER_LIST NetBufferList)
{
    return tcp_send(MiniportAdapterContext, NULL, NetBufferList);
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

    /* The facts' x64 PDB offsets; ILP32 on 32-bit hosts. */
    CHECK_EQ(sizeof(MBLOCK), wide ? 0x98 : 76);
    CHECK_EQ(OFF(MBLOCK, Header), 0);
    CHECK_EQ(OFF(MBLOCK, NextBlock), wide ? 0x8 : 4);
    CHECK_EQ(OFF(MBLOCK, DependentBlockList), wide ? 0x10 : 8);
    CHECK_EQ(OFF(MBLOCK, Status), wide ? 0x18 : 12);
    CHECK_EQ(OFF(MBLOCK, NdisReserved), wide ? 0x20 : 16);
    CHECK_EQ(OFF(MBLOCK, MiniportOffloadContext), wide ? 0x30 : 24);
    CHECK_EQ(OFF(MBLOCK, NdisOffloadHandle), wide ? 0x38 : 28);
    CHECK_EQ(OFF(MBLOCK, ProtocolReserved), wide ? 0x40 : 32);
    CHECK_EQ(OFF(MBLOCK, MiniportReserved), wide ? 0x50 : 40);
    CHECK_EQ(OFF(MBLOCK, ImReserved), wide ? 0x60 : 48);
    CHECK_EQ(OFF(MBLOCK, Scratch), wide ? 0x70 : 56);
    CHECK_EQ(OFF(MBLOCK, SourceHandle), wide ? 0x80 : 64);
    CHECK_EQ(OFF(MBLOCK, PortNumber), wide ? 0x88 : 68);
    CHECK_EQ(OFF(MBLOCK, NetBufferListChain), wide ? 0x90 : 72);
    CHECK_EQ(sizeof(MBLOCK), sizeof(BLOCK)); /* one memory, two views */

    CHECK_EQ(sizeof(NDIS_CHIMNEY_OFFLOAD_TYPE), 4);

    CHECK_EQ(sizeof(PCHARS), wide ? 0x30 : 28);
    CHECK_EQ(OFF(PCHARS, Header), 0);
    CHECK_EQ(OFF(PCHARS, Flags), 4);
    CHECK_EQ(OFF(PCHARS, InitiateOffloadHandler), 0x8);
    CHECK_EQ(OFF(PCHARS, TerminateOffloadHandler), wide ? 0x10 : 12);
    CHECK_EQ(OFF(PCHARS, UpdateOffloadHandler), wide ? 0x18 : 16);
    CHECK_EQ(OFF(PCHARS, InvalidateOffloadHandler), wide ? 0x20 : 20);
    CHECK_EQ(OFF(PCHARS, QueryOffloadHandler), wide ? 0x28 : 24);

    CHECK_EQ(sizeof(TCHARS), wide ? 0x40 : 36);
    CHECK_EQ(OFF(TCHARS, Header), 0);
    CHECK_EQ(OFF(TCHARS, Flags), 4);
    CHECK_EQ(OFF(TCHARS, OffloadType), 8);
    CHECK_EQ(OFF(TCHARS, TcpOffloadSendCompleteHandler), wide ? 0x10 : 12);
    CHECK_EQ(OFF(TCHARS, TcpOffloadReceiveCompleteHandler), wide ? 0x18 : 16);
    CHECK_EQ(OFF(TCHARS, TcpOffloadDisconnectCompleteHandler), wide ? 0x20 : 20);
    CHECK_EQ(OFF(TCHARS, TcpOffloadForwardCompleteHandler), wide ? 0x28 : 24);
    CHECK_EQ(OFF(TCHARS, TcpOffloadEventHandler), wide ? 0x30 : 28);
    CHECK_EQ(OFF(TCHARS, TcpOffloadReceiveIndicateHandler), wide ? 0x38 : 32);
    CHECK_EQ(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, wide ? 0x40 : 36);

    CHECK_EQ(sizeof(PTCHARS), wide ? 0x38 : 32);
    CHECK_EQ(OFF(PTCHARS, Header), 0);
    CHECK_EQ(OFF(PTCHARS, Flags), 4);
    CHECK_EQ(OFF(PTCHARS, OffloadType), 8);
    CHECK_EQ(OFF(PTCHARS, TcpOffloadSendHandler), wide ? 0x10 : 12);
    CHECK_EQ(OFF(PTCHARS, TcpOffloadReceiveHandler), wide ? 0x18 : 16);
    CHECK_EQ(OFF(PTCHARS, TcpOffloadDisconnectHandler), wide ? 0x20 : 20);
    CHECK_EQ(OFF(PTCHARS, TcpOffloadForwardHandler), wide ? 0x28 : 24);
    CHECK_EQ(OFF(PTCHARS, TcpOffloadReceiveReturnHandler), wide ? 0x30 : 28);
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
    CHECK_EQ(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS, 0x93);
    CHECK_EQ(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS, 0x94);
    CHECK_EQ(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, 1);
    CHECK_EQ(NdisTcpChimneyOffload, 1);
    CHECK_EQ(NdisIpsecChimneyOffload, 2);
    CHECK_EQ(NdisRdmaChimneyOffload, 3);
    CHECK_EQ(NdisMaxChimneyOffload, 4);
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

/* Every handler field of the other three structures calls what was put in
 * it, with its arguments; the raw bytes sit where the layout says. */
static void check_other_structures(void) {
    PCHARS provider = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0, sizeof(PCHARS)},
        0, provider_generic, provider_generic, provider_generic, provider_generic, provider_generic};
    TCHARS client_tcp = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
         NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1},
        0, NdisTcpChimneyOffload, tcp_complete, tcp_complete, tcp_complete, tcp_complete, tcp_event, tcp_indicate};
    PTCHARS provider_tcp = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS, 0, sizeof(PTCHARS)},
        0, NdisTcpChimneyOffload, tcp_send, tcp_send, tcp_disconnect, tcp_send, tcp_receive_return};
    unsigned char bytes[sizeof(TCHARS)];
    MBLOCK block;
    int context = 0, nbl = 0;
    ULONG consumed = 0;
    PNET_BUFFER_LIST list = (PNET_BUFFER_LIST)(void *)&nbl;

    memcpy(bytes, &client_tcp, sizeof bytes);
    CHECK_EQ(bytes[0], 0x93);
    CHECK_EQ(bytes[2] | bytes[3] << 8, sizeof(TCHARS));
    CHECK_EQ(bytes[8], 1); /* OffloadType little-endian at offset 8 */
    memcpy(bytes, &provider_tcp, sizeof(PTCHARS));
    CHECK_EQ(bytes[0], 0x94);
    CHECK_EQ(bytes[8], 1);

    seen_handler = 0;
    provider.InitiateOffloadHandler(&context, &block);
    provider.TerminateOffloadHandler(&context, &block);
    provider.UpdateOffloadHandler(&context, &block);
    provider.InvalidateOffloadHandler(&context, &block);
    provider.QueryOffloadHandler(&context, &block);
    CHECK_EQ(seen_handler, 50);
    CHECK(seen_context == &context && seen_list == (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)&block);

    seen_handler = 0;
    client_tcp.TcpOffloadSendCompleteHandler(&context, list);
    client_tcp.TcpOffloadReceiveCompleteHandler(&context, list);
    client_tcp.TcpOffloadDisconnectCompleteHandler(&context, list);
    client_tcp.TcpOffloadForwardCompleteHandler(&context, list);
    CHECK_EQ(seen_handler, 400);
    CHECK(seen_nbl == list);
    client_tcp.TcpOffloadEventHandler(&context, 2, 40);
    CHECK_EQ(seen_handler, 1400);
    CHECK_EQ(seen_code, 42);
    CHECK_EQ(client_tcp.TcpOffloadReceiveIndicateHandler(&context, list, NDIS_STATUS_RESOURCES, &consumed),
             NDIS_STATUS_RESOURCES);
    CHECK_EQ(consumed, 7);

    seen_handler = 0;
    CHECK_EQ(provider_tcp.TcpOffloadSendHandler(&context, &nbl, list), NDIS_STATUS_PENDING);
    CHECK_EQ(provider_tcp.TcpOffloadReceiveHandler(&context, &nbl, list), NDIS_STATUS_PENDING);
    CHECK_EQ(provider_tcp.TcpOffloadDisconnectHandler(&context, &nbl, list, 3), NDIS_STATUS_PENDING);
    CHECK_EQ(seen_code, 3);
    CHECK_EQ(provider_tcp.TcpOffloadForwardHandler(&context, &nbl, list), NDIS_STATUS_PENDING);
    CHECK_EQ(provider_tcp.TcpOffloadReceiveReturnHandler(NULL, list), NDIS_STATUS_FAILURE);
    CHECK_EQ(seen_handler, 50000);
    CHECK(seen_context == NULL && seen_nbl == list);
}

int main(void) {
    check_layout();
    check_constants();
    check_raw_bytes_and_calls();
    check_other_structures();
    return check_summary("layout_check");
}
