// The header compiles as C++ (no C-only constructs, extern "C" linkage), and
// its types are standard-layout there with the same offsets.
#include "ndischimney.h"

#include <type_traits>

static_assert(std::is_standard_layout<NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS>::value,
              "characteristics are standard-layout");
static_assert(std::is_trivial<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>::value, "block list is trivial");
static_assert(std::is_same<decltype(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS::Flags),
                           ULONG>::value,
              "Flags is a ULONG");

static void NDIS_CHIMNEY_CC done(NDIS_HANDLE, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) {}

int main() {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS chars = {};
    chars.InitiateOffloadCompleteHandler = done;
    return chars.TerminateOffloadCompleteHandler == nullptr ? 0 : 1;
}
