/* The registry argument as a compiler sees it (header-check.sh): a call
 * with an NDIS_HANDLE where the PNDIS_CHIMNEY_REGISTRY goes (-DSWAPPED: the
 * handle given as the registry) must not compile as C11 or as C++; the
 * same call the right way round must. -DCALL=1...6 picks the function:
 * each of the six that take a registry and a handle-sized argument. */
#include <ndischimney_offload.h>

NDIS_STATUS ndis_chimney_use_registry(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Handle);

#ifdef SWAPPED
#  define REGISTRY ((void)Registry, Handle)
#else
#  define REGISTRY ((void)Handle, Registry)
#endif

NDIS_STATUS ndis_chimney_use_registry(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Handle) {
    NDIS_HANDLE Out = NULL;
    NDIS_CHIMNEY_COMPLETION Completion = {NULL, NULL, 0, 0};
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    (void)Out;
    (void)Completion;
    (void)Status;
#if CALL == 1
    return NdisChimneyDispatch(REGISTRY, Handle, NdisChimneyQueryOffloadComplete, NULL, 0);
#elif CALL == 2
    return (NDIS_STATUS)NdisChimneyDispatchBatch(REGISTRY, &Completion, 1);
#elif CALL == 3
    return NdisChimneyRegisterProtocolDriver(REGISTRY, &Out);
#elif CALL == 4
    return NdisChimneyRegisterMiniportDriver(REGISTRY, &Out);
#elif CALL == 5
    return NdisChimneySetOffloadHook(REGISTRY, NULL, NULL);
#else
    return (NDIS_STATUS)NdisChimneyDispatchBatchEx(REGISTRY, &Completion, 1, &Status);
#endif
}
