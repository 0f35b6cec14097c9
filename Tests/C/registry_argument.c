/* The registry argument as a compiler sees it (header-check.sh): a call
 * with an NDIS_HANDLE where the PNDIS_CHIMNEY_REGISTRY goes (-DSWAPPED, the
 * two arguments of NdisChimneyDispatch the wrong way round) must not
 * compile as C11 or as C++; the same call the right way round must. */
#include <ndischimney_registry.h>

NDIS_STATUS ndis_chimney_use_registry(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Binding);

NDIS_STATUS ndis_chimney_use_registry(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Binding) {
#ifdef SWAPPED
    return NdisChimneyDispatch(Binding, Registry, NdisChimneyQueryOffloadComplete, NULL, 0);
#else
    return NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0);
#endif
}
