#include "baseline.h"

VOID NDIS_CHIMNEY_CC baseline_count(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)List;
    ++*(unsigned long *)Context;
}

VOID NDIS_CHIMNEY_CC baseline_count_event(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List, ULONG Code) {
    (void)List;
    (void)Code;
    ++*(unsigned long *)Context;
}
