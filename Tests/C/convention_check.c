/* Compiled by abi-check: every handler field of the four characteristics
 * structures gets a routine, and each of the WDK's eleven offload routines
 * goes into a pointer. With -DUSE_CDECL the routines and the pointers are
 * __cdecl, and an x86 Windows compiler must reject each assignment:
 * abi-check counts one "incompatible function pointer types" error per
 * handler typedef and per routine of the header. Without it they are
 * declared with NDIS_CHIMNEY_CC and must be accepted. */
#include "ndischimney.h"

#ifdef USE_CDECL
#  define ROUTINE_CC __cdecl
#else
#  define ROUTINE_CC NDIS_CHIMNEY_CC
#endif

static VOID ROUTINE_CC query_done(NDIS_HANDLE context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list) {
    (void)context;
    (void)list;
}

static VOID ROUTINE_CC event(NDIS_HANDLE context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, ULONG code) {
    (void)context;
    (void)list;
    (void)code;
}

static VOID ROUTINE_CC request(NDIS_HANDLE adapter, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST list) {
    (void)adapter;
    (void)list;
}

static VOID ROUTINE_CC tcp_done(NDIS_HANDLE context, PNET_BUFFER_LIST list) {
    (void)context;
    (void)list;
}

static VOID ROUTINE_CC tcp_event(PVOID context, ULONG type, ULONG information) {
    (void)context;
    (void)type;
    (void)information;
}

static NDIS_STATUS ROUTINE_CC tcp_indicate(PVOID context, PNET_BUFFER_LIST list, NDIS_STATUS status,
                                           PULONG consumed) {
    (void)context;
    (void)list;
    (void)consumed;
    return status;
}

static NDIS_STATUS ROUTINE_CC tcp_send(NDIS_HANDLE adapter, PVOID offload, PNET_BUFFER_LIST list) {
    (void)adapter;
    (void)offload;
    (void)list;
    return NDIS_STATUS_PENDING;
}

static NDIS_STATUS ROUTINE_CC tcp_disconnect(NDIS_HANDLE adapter, PVOID offload, PNET_BUFFER_LIST list,
                                             ULONG flags) {
    (void)adapter;
    (void)offload;
    (void)list;
    (void)flags;
    return NDIS_STATUS_PENDING;
}

static NDIS_STATUS ROUTINE_CC tcp_return(NDIS_HANDLE adapter, PNET_BUFFER_LIST list) {
    (void)adapter;
    (void)list;
    return NDIS_STATUS_SUCCESS;
}

NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {
    {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
     NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
     NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1},
    0, query_done, query_done, query_done, query_done, query_done, event};

NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS provider = {
    {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
     sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
    0, request, request, request, request, request};

NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS client_tcp = {
    {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
     NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1,
     NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1},
    0, NdisTcpChimneyOffload, tcp_done, tcp_done, tcp_done, tcp_done, tcp_event, tcp_indicate};

NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS provider_tcp = {
    {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS, 0,
     sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS)},
    0, NdisTcpChimneyOffload, tcp_send, tcp_send, tcp_disconnect, tcp_send, tcp_return};

/* The WDK's routines, as a driver that looks them up would hold them. */
typedef VOID (ROUTINE_CC *REQUEST_ROUTINE)(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST);
typedef VOID (ROUTINE_CC *COMPLETE_ROUTINE)(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST);
typedef VOID (ROUTINE_CC *INDICATE_ROUTINE)(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ULONG);

REQUEST_ROUTINE requests[5] = {NdisInitiateOffload, NdisTerminateOffload, NdisUpdateOffload, NdisInvalidateOffload,
                               NdisQueryOffloadState};
COMPLETE_ROUTINE completions[5] = {NdisMInitiateOffloadComplete, NdisMTerminateOffloadComplete,
                                   NdisMUpdateOffloadComplete, NdisMInvalidateOffloadComplete,
                                   NdisMQueryOffloadStateComplete};
INDICATE_ROUTINE indicate = NdisMOffloadEventIndicate;
