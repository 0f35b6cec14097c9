/* Compiled by abi-check: with -DUSE_CDECL a __cdecl routine is put where a
 * handler is expected, which an x86 Windows compiler must reject; without it
 * the routine is declared with NDIS_CHIMNEY_CC and must be accepted. */
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

NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {
    {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
     NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
     NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1},
    0, NULL, NULL, NULL, NULL, query_done, event};
