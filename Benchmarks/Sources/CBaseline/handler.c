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

VOID NDIS_CHIMNEY_CC baseline_count_request(NDIS_HANDLE MiniportAdapterContext,
                                            PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    (void)List;
    ++((baseline_target *)MiniportAdapterContext)->requests;
}

VOID NDIS_CHIMNEY_CC baseline_complete_request(NDIS_HANDLE MiniportAdapterContext,
                                               PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    baseline_target *target = MiniportAdapterContext;
    ++target->requests;
    target->complete(target->adapter, List);
}
