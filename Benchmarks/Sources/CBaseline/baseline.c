#include "baseline.h"

NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS baseline_characteristics(void) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1},
        0, baseline_count, baseline_count, baseline_count, baseline_count, baseline_count,
        baseline_count_event};
    return chars;
}

NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS
baseline_provider_characteristics(W_QUERY_OFFLOAD_HANDLER handler) {
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {
        {NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 0,
         sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, handler, handler, handler, handler, handler};
    return chars;
}

void baseline_floor(const NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS *chars, NDIS_HANDLE context,
                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        chars->QueryOffloadCompleteHandler(context, list);
    }
}

void baseline_table(const baseline_binding *bindings, size_t mask, unsigned kind,
                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const baseline_binding *binding = &bindings[i & mask];
        binding->entries[kind](binding->context, list);
    }
}

size_t baseline_entry_point(PNDIS_CHIMNEY_REGISTRY registry, const NDIS_HANDLE *handles, size_t mask,
                            unsigned kind, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list, size_t n) {
    size_t delivered = 0;
    for (size_t i = 0; i < n; i++) {
        delivered += NdisChimneyDispatch(registry, handles[i & mask], kind, list, 0) == NDIS_STATUS_SUCCESS;
    }
    return delivered;
}

void baseline_entry_point_requests(const NDIS_HANDLE *handles, size_t mask, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list,
                                   size_t n) {
    for (size_t i = 0; i < n; i++) NdisQueryOffloadState(handles[i & mask], list);
}

void baseline_entry_point_completions(NDIS_HANDLE adapter, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *lists, size_t n) {
    for (size_t i = 0; i < n; i++) NdisMQueryOffloadStateComplete(adapter, &lists[i]);
}
