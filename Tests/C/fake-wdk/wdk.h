/* A stand-in for the WDK headers, for the coexistence check: it defines the
 * include guards of ntdef.h, ntddndis.h, ndis.h and ndischimney.h and
 * declares their types under the same tags, WDK style. If ndischimney.h
 * declared any of them again, the compile would fail with a redefinition.
 * With -DFAKE_WDK_WRONG_LAYOUT its Flags is a USHORT, which ndischimney.h's
 * assertions must then reject: proof that they check the WDK's types. */
#ifndef FAKE_WDK_H
#define FAKE_WDK_H
#define _NTDEF_
#define _NTDDNDIS_
#define _NDIS_
#define _CHIMNEY_OFFLOAD_

#define VOID void
typedef unsigned char UCHAR;
typedef unsigned short USHORT;
#if defined(_WIN32)
typedef unsigned long ULONG;
#else
typedef unsigned int ULONG;
#endif
typedef void *PVOID;
typedef int NDIS_STATUS;
typedef PVOID NDIS_HANDLE;
typedef ULONG NDIS_PORT_NUMBER;
typedef struct _NET_BUFFER_LIST *PNET_BUFFER_LIST;

typedef struct _NDIS_OBJECT_HEADER { UCHAR Type; UCHAR Revision; USHORT Size; } NDIS_OBJECT_HEADER;
typedef struct _NDIS_DRIVER_OPTIONAL_HANDLERS { NDIS_OBJECT_HEADER Header; } NDIS_DRIVER_OPTIONAL_HANDLERS;

typedef enum { NeighborReachabilityInDoubt = 1, NeighborReachabilityQuery, MaxOffloadEvent } INDICATE_OFFLOAD_EVENT;
typedef struct _NDIS_OFFLOAD_HANDLE { PVOID NdisReserved[1]; PVOID MiniportOffloadContext; } NDIS_OFFLOAD_HANDLE, *PNDIS_OFFLOAD_HANDLE;
typedef struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER Header;
    struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST *NextBlock, *DependentBlockList;
    NDIS_STATUS Status;
    PVOID NdisReserved[3];
    PNDIS_OFFLOAD_HANDLE OffloadHandle;
    PVOID ProtocolReserved[2], MiniportReserved[2], ImReserved[2], Scratch[2];
    PVOID SourceHandle;
    NDIS_PORT_NUMBER PortNumber;
    PNET_BUFFER_LIST NetBufferListChain;
} NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, *PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;

typedef VOID (*FAKE_COMPLETE)(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
#ifdef FAKE_WDK_WRONG_LAYOUT
    USHORT Flags;
#else
    ULONG Flags;
#endif
    FAKE_COMPLETE InitiateOffloadCompleteHandler, TerminateOffloadCompleteHandler,
        UpdateOffloadCompleteHandler, InvalidateOffloadCompleteHandler, QueryOffloadCompleteHandler;
    VOID (*IndicateOffloadEventHandler)(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ULONG);
} NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
#define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 \
    (offsetof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler) + sizeof(PVOID))

typedef struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER Header;
    struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *NextBlock, *DependentBlockList;
    NDIS_STATUS Status;
    PVOID NdisReserved[2];
    PVOID *MiniportOffloadContext;
    NDIS_HANDLE NdisOffloadHandle;
    PVOID ProtocolReserved[2], MiniportReserved[2], ImReserved[2], Scratch[2];
    PVOID SourceHandle;
    NDIS_PORT_NUMBER PortNumber;
    PNET_BUFFER_LIST NetBufferListChain;
} NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, *PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

typedef VOID (*FAKE_REQUEST)(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST);
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    FAKE_REQUEST InitiateOffloadHandler, TerminateOffloadHandler, UpdateOffloadHandler, InvalidateOffloadHandler,
        QueryOffloadHandler;
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;

typedef enum { NdisTcpChimneyOffload = 1, NdisIpsecChimneyOffload, NdisRdmaChimneyOffload, NdisMaxChimneyOffload }
    NDIS_CHIMNEY_OFFLOAD_TYPE;
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    NDIS_CHIMNEY_OFFLOAD_TYPE OffloadType;
    PVOID TcpOffloadSendCompleteHandler, TcpOffloadReceiveCompleteHandler, TcpOffloadDisconnectCompleteHandler,
        TcpOffloadForwardCompleteHandler, TcpOffloadEventHandler, TcpOffloadReceiveIndicateHandler;
} NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;
#define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 \
    (offsetof(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveIndicateHandler) + sizeof(PVOID))
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    NDIS_CHIMNEY_OFFLOAD_TYPE OffloadType;
    PVOID TcpOffloadSendHandler, TcpOffloadReceiveHandler, TcpOffloadDisconnectHandler, TcpOffloadForwardHandler,
        TcpOffloadReceiveReturnHandler;
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;
#endif
