/* Two private copies of libndischimney.a in one program, as two plugins
 * that each link it statically make: install-check.sh links the installed
 * archive's object twice, the second copy's Ndis* functions renamed Copy*.
 * Each copy keeps its own registries, handle counter and key, so neither
 * gives out the other's handle values, and each refuses every handle and
 * registry of the other. */
#include <ndischimney_registry.h>

#include <stdint.h>
#include <stdio.h>

#include "check.h"

/* The second copy's entry points. */
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyCreateRegistry(ULONG, ULONG, PNDIS_CHIMNEY_REGISTRY *);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyDestroyRegistry(PNDIS_CHIMNEY_REGISTRY);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyRegisterProtocolDriver(PNDIS_CHIMNEY_REGISTRY, PNDIS_HANDLE);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyDeregisterProtocolDriver(NDIS_HANDLE);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisSetOptionalHandlers(NDIS_HANDLE, PNDIS_DRIVER_OPTIONAL_HANDLERS);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyOpenBinding(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyCloseBinding(NDIS_HANDLE);
NDIS_STATUS NDIS_CHIMNEY_CC CopyNdisChimneyDispatch(PNDIS_CHIMNEY_REGISTRY, NDIS_HANDLE, ULONG,
                                                    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ULONG);

/* One copy's entry points, so that both are driven by the same code. */
typedef struct _COPY {
    NDIS_STATUS(NDIS_CHIMNEY_CC *Create)(ULONG, ULONG, PNDIS_CHIMNEY_REGISTRY *);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Destroy)(PNDIS_CHIMNEY_REGISTRY);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Register)(PNDIS_CHIMNEY_REGISTRY, PNDIS_HANDLE);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Deregister)(NDIS_HANDLE);
    NDIS_STATUS(NDIS_CHIMNEY_CC *SetOptionalHandlers)(NDIS_HANDLE, PNDIS_DRIVER_OPTIONAL_HANDLERS);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Open)(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Close)(NDIS_HANDLE);
    NDIS_STATUS(NDIS_CHIMNEY_CC *Dispatch)(PNDIS_CHIMNEY_REGISTRY, NDIS_HANDLE, ULONG,
                                           PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ULONG);
    PNDIS_CHIMNEY_REGISTRY Registry;
    NDIS_HANDLE Driver, Binding;
    int Calls;
} COPY;

static VOID NDIS_CHIMNEY_CC Counted(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)List;
    ((COPY *)Context)->Calls++;
}

static NDIS_STATUS Install(const COPY *Copy, NDIS_HANDLE Driver) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Counted, Counted, Counted, Counted, Counted, NULL};
    return Copy->SetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

static void SetUp(COPY *Copy) {
    CHECK_EQ(Copy->Create(2, 2, &Copy->Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Copy->Register(Copy->Registry, &Copy->Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Install(Copy, Copy->Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Copy->Open(Copy->Driver, Copy, &Copy->Binding), NDIS_STATUS_SUCCESS);
}

/* `Copy` refuses everything `Other` gave out, and delivers nothing. */
static void RefusesTheOther(const COPY *Copy, const COPY *Other) {
    NDIS_HANDLE Unused = NULL;
    CHECK(Copy->Registry != Other->Registry);
    CHECK(Copy->Driver != Other->Driver);
    CHECK(Copy->Binding != Other->Binding);
    CHECK_EQ(Copy->Register(Other->Registry, &Unused), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Install(Copy, Other->Driver), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Open(Other->Driver, NULL, &Unused), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Dispatch(Copy->Registry, Other->Binding, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Dispatch(Other->Registry, Copy->Binding, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Close(Other->Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Deregister(Other->Driver), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(Copy->Destroy(Other->Registry), NDIS_STATUS_INVALID_PARAMETER);
}

int main(void) {
    COPY First = {NdisChimneyCreateRegistry, NdisChimneyDestroyRegistry, NdisChimneyRegisterProtocolDriver,
                  NdisChimneyDeregisterProtocolDriver, NdisSetOptionalHandlers, NdisChimneyOpenBinding,
                  NdisChimneyCloseBinding, NdisChimneyDispatch, NULL, NULL, NULL, 0};
    COPY Second = {CopyNdisChimneyCreateRegistry, CopyNdisChimneyDestroyRegistry,
                   CopyNdisChimneyRegisterProtocolDriver, CopyNdisChimneyDeregisterProtocolDriver,
                   CopyNdisSetOptionalHandlers, CopyNdisChimneyOpenBinding, CopyNdisChimneyCloseBinding,
                   CopyNdisChimneyDispatch, NULL, NULL, NULL, 0};
    COPY *Copies[2] = {&First, &Second};
    int Index;
    SetUp(&First);
    SetUp(&Second);
    RefusesTheOther(&First, &Second);
    RefusesTheOther(&Second, &First);
    CHECK_EQ(First.Calls + Second.Calls, 0);
    for (Index = 0; Index < 2; Index++) {
        COPY *Copy = Copies[Index];
        CHECK_EQ(Copy->Dispatch(Copy->Registry, Copy->Binding, NdisChimneyQueryOffloadComplete, NULL, 0),
                 NDIS_STATUS_SUCCESS);
        CHECK_EQ(Copy->Calls, 1);
        CHECK_EQ(Copy->Close(Copy->Binding), NDIS_STATUS_SUCCESS);
        CHECK_EQ(Copy->Deregister(Copy->Driver), NDIS_STATUS_SUCCESS);
        CHECK_EQ(Copy->Destroy(Copy->Registry), NDIS_STATUS_SUCCESS);
    }
    return check_summary("two_copies_check");
}
