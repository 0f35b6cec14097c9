// The header compiles as C++ (no C-only constructs, extern "C" linkage), and
// its types are standard-layout there with the same offsets.
#include "ndischimney.h"

#include <type_traits>

static_assert(std::is_standard_layout<NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>::value,
              "characteristics are standard-layout");
static_assert(std::is_trivial<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>::value, "block list is trivial");
static_assert(std::is_trivial<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST>::value, "miniport block list is trivial");
static_assert(std::is_trivial<NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>::value,
              "provider characteristics are trivial");
static_assert(std::is_trivial<NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>::value,
              "TCP client characteristics are trivial");
static_assert(std::is_trivial<NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS>::value,
              "TCP provider characteristics are trivial");
static_assert(std::is_same<decltype(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS::Flags),
                           ULONG>::value,
              "Flags is a ULONG");
static_assert(std::is_same<decltype(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS::OffloadType),
                           NDIS_CHIMNEY_OFFLOAD_TYPE>::value,
              "OffloadType is the enumeration");
static_assert(std::is_same<decltype(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST::NextBlock),
                           PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST>::value,
              "the miniport's blocks link to miniport blocks");

static void NDIS_CHIMNEY_CC done(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {}
static void NDIS_CHIMNEY_CC initiate(NDIS_HANDLE, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {}
static void NDIS_CHIMNEY_CC sent(NDIS_HANDLE, PNET_BUFFER_LIST) {}
static NDIS_STATUS NDIS_CHIMNEY_CC send(NDIS_HANDLE, PVOID, PNET_BUFFER_LIST) { return NDIS_STATUS_PENDING; }

int main() {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {};
    chars.InitiateOffloadCompleteHandler = done;
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS provider = {};
    provider.InitiateOffloadHandler = initiate;
    NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS client_tcp = {};
    client_tcp.OffloadType = NdisTcpChimneyOffload;
    client_tcp.TcpOffloadSendCompleteHandler = sent;
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS provider_tcp = {};
    provider_tcp.TcpOffloadSendHandler = send;
    bool untouched = chars.TerminateOffloadCompleteHandler == nullptr && provider.QueryOffloadHandler == nullptr &&
                     client_tcp.TcpOffloadEventHandler == nullptr && provider_tcp.TcpOffloadForwardHandler == nullptr;
    bool installed = provider.InitiateOffloadHandler == initiate && client_tcp.TcpOffloadSendCompleteHandler == sent &&
                     provider_tcp.TcpOffloadSendHandler == send;
    return untouched && installed ? 0 : 1;
}
