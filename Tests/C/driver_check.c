/* A WDK-style protocol driver against the installed library: characteristics
 * written as WDK samples write them (a static initializer, sizeof as Size, no
 * event handler), registered with NdisSetOptionalHandlers, and every status
 * of the C entry points checked, and named by NdisChimneyStatusText. Built
 * only from the installed header and `pkg-config --cflags --libs
 * ndischimney`. */
#include <ndischimney_registry.h>

#include <string.h>

#include "check.h"

typedef struct _BINDING_CONTEXT {
    int Completions[NdisChimneyEntryPointCount];
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST LastList;
} BINDING_CONTEXT;

static VOID NDIS_CHIMNEY_CC ProtocolInitiateOffloadComplete(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList)
{
    BINDING_CONTEXT *binding = (BINDING_CONTEXT *)ProtocolBindingContext;
    binding->Completions[NdisChimneyInitiateOffloadComplete]++;
    binding->LastList = OffloadBlockList;
}

static VOID NDIS_CHIMNEY_CC ProtocolTerminateOffloadComplete(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList)
{
    BINDING_CONTEXT *binding = (BINDING_CONTEXT *)ProtocolBindingContext;
    binding->Completions[NdisChimneyTerminateOffloadComplete]++;
    binding->LastList = OffloadBlockList;
}

static VOID NDIS_CHIMNEY_CC ProtocolQueryOffloadComplete(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList)
{
    BINDING_CONTEXT *binding = (BINDING_CONTEXT *)ProtocolBindingContext;
    binding->Completions[NdisChimneyQueryOffloadComplete]++;
    binding->LastList = OffloadBlockList;
}

/* Every status the library returns, and the text C is to get for it. */
static const struct {
    NDIS_STATUS Status;
    const char *Text;
} StatusNames[] = {
    {NDIS_STATUS_SUCCESS, "NDIS_STATUS_SUCCESS"},
    {NDIS_STATUS_PENDING, "NDIS_STATUS_PENDING"},
    {NDIS_STATUS_FAILURE, "NDIS_STATUS_FAILURE"},
    {NDIS_STATUS_RESOURCES, "NDIS_STATUS_RESOURCES"},
    {NDIS_STATUS_NOT_SUPPORTED, "NDIS_STATUS_NOT_SUPPORTED"},
    {NDIS_STATUS_INVALID_PARAMETER, "NDIS_STATUS_INVALID_PARAMETER"},
    {NDIS_STATUS_INVALID_DEVICE_REQUEST, "NDIS_STATUS_INVALID_DEVICE_REQUEST"},
};

/* NdisChimneyStatusText: each name, the same static string on every call,
 * and a defined text for values the library never returns. */
static void CheckStatusText(void) {
    size_t Index;
    for (Index = 0; Index < sizeof StatusNames / sizeof StatusNames[0]; Index++) {
        const char *Text = NdisChimneyStatusText(StatusNames[Index].Status);
        CHECK(Text != NULL && strcmp(Text, StatusNames[Index].Text) == 0);
        CHECK(NdisChimneyStatusText(StatusNames[Index].Status) == Text);
    }
    CHECK(strcmp(NdisChimneyStatusText((NDIS_STATUS)7), "unknown NDIS_STATUS") == 0);
    CHECK(strcmp(NdisChimneyStatusText((NDIS_STATUS)0xC0000023u), "unknown NDIS_STATUS") == 0);
    CHECK(strcmp(NdisChimneyStatusText(-1), "unknown NDIS_STATUS") == 0);
}

static NDIS_STATUS SetOptions(NDIS_HANDLE NdisHandle) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0,
        ProtocolInitiateOffloadComplete,
        ProtocolTerminateOffloadComplete,
        NULL,
        NULL,
        ProtocolQueryOffloadComplete,
        NULL};
    /* Chars lives on this stack frame only: NDIS must have copied it. */
    return NdisSetOptionalHandlers(NdisHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

int main(void) {
    PNDIS_CHIMNEY_REGISTRY registry = NULL;
    NDIS_HANDLE driver = NULL, binding = NULL, spare = NULL;
    BINDING_CONTEXT context;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST list;
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS bad;
    NDIS_CHIMNEY_COMPLETION queue[3];
    NDIS_STATUS statuses[4];
    char message[160];
    unsigned char image[32] = {0x8E, 1, 32, 0};

    memset(&context, 0, sizeof context);
    memset(&list, 0, sizeof list);

    CHECK_EQ(NdisChimneyCreateRegistry(0, 4, &registry), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyCreateRegistry(1, 1, &registry), NDIS_STATUS_SUCCESS);
    CHECK(registry != NULL);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(registry, &driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(registry, &spare), NDIS_STATUS_RESOURCES);

    CHECK_EQ(SetOptions(driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisSetOptionalHandlers(driver, NULL), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisSetOptionalHandlers(NULL, NULL), NDIS_STATUS_INVALID_PARAMETER);
    memset(&bad, 0, sizeof bad);
    bad.Header.Type = NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
    bad.Header.Size = sizeof bad;
    CHECK_EQ(NdisSetOptionalHandlers(driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&bad), NDIS_STATUS_INVALID_PARAMETER);
    bad.Header.Revision = 1;
    bad.Header.Size = sizeof bad - 1;
    CHECK_EQ(NdisSetOptionalHandlers(driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&bad), NDIS_STATUS_INVALID_PARAMETER);
    bad.Header.Type = NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
    CHECK_EQ(NdisSetOptionalHandlers(driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&bad), NDIS_STATUS_NOT_SUPPORTED);

    CHECK_EQ(NdisChimneyOpenBinding(driver, &context, &binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenBinding(driver, &context, &spare), NDIS_STATUS_RESOURCES);

    /* The refused installs above changed nothing: the first set is in force. */
    CHECK_EQ(NdisChimneyDispatch(registry, binding, NdisChimneyInitiateOffloadComplete, &list, 0), NDIS_STATUS_SUCCESS);
    CHECK_EQ(context.Completions[NdisChimneyInitiateOffloadComplete], 1);
    CHECK(context.LastList == &list);
    CHECK_EQ(NdisChimneyDispatch(registry, binding, NdisChimneyUpdateOffloadComplete, &list, 0), NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(NdisChimneyDispatch(registry, binding, NdisChimneyIndicateOffloadEvent, NULL, NeighborReachabilityInDoubt),
             NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(NdisChimneyDispatch(registry, binding, NdisChimneyEntryPointCount, &list, 0), NDIS_STATUS_INVALID_PARAMETER);

    queue[0].BindingHandle = binding;
    queue[0].OffloadBlockList = &list;
    queue[0].EntryPoint = NdisChimneyTerminateOffloadComplete;
    queue[0].IndicationCode = 0;
    queue[1] = queue[0];
    queue[1].EntryPoint = NdisChimneyQueryOffloadComplete;
    queue[2] = queue[0];
    queue[2].EntryPoint = NdisChimneyInvalidateOffloadComplete;
    CHECK_EQ(NdisChimneyDispatchBatch(registry, queue, 3), 2);
    CHECK_EQ(context.Completions[NdisChimneyTerminateOffloadComplete], 1);
    CHECK_EQ(context.Completions[NdisChimneyQueryOffloadComplete], 1);

    /* The same queue, asking what became of each completion: the statuses
     * NdisChimneyDispatch gives, and nothing written past Count. */
    statuses[3] = statuses[2] = statuses[1] = statuses[0] = 0x7F;
    CHECK_EQ(NdisChimneyDispatchBatchEx(registry, queue, 3, statuses), 2);
    CHECK_EQ(statuses[0], NDIS_STATUS_SUCCESS);
    CHECK_EQ(statuses[1], NDIS_STATUS_SUCCESS);
    CHECK_EQ(statuses[2], NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(statuses[3], 0x7F);
    CHECK(strcmp(NdisChimneyStatusText(statuses[2]), "NDIS_STATUS_NOT_SUPPORTED") == 0);
    CHECK_EQ(context.Completions[NdisChimneyTerminateOffloadComplete], 2);
    CHECK_EQ(NdisChimneyDispatchBatchEx(registry, queue, 3, NULL), 2);
    CHECK_EQ(NdisChimneyDispatchBatchEx((PNDIS_CHIMNEY_REGISTRY)NULL, queue, 3, statuses), 0);
    CHECK_EQ(statuses[0], NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(statuses[2], NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(statuses[3], 0x7F);
    CHECK_EQ(context.Completions[NdisChimneyTerminateOffloadComplete], 3);

    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(driver), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyCloseBinding(binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBinding(binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatch(registry, binding, NdisChimneyInitiateOffloadComplete, &list, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(context.Completions[NdisChimneyInitiateOffloadComplete], 1);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(SetOptions(driver), NDIS_STATUS_INVALID_PARAMETER);

    CHECK_EQ(NdisChimneyValidateImage(image, sizeof image, NdisChimneyAbiX86, message, sizeof message),
             NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyValidateImage(image, sizeof image, NdisChimneyAbiArm64, message, sizeof message),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK(strncmp(message, "Header.Size is 32, expected at least 56", 39) == 0);

    CheckStatusText();

    NdisChimneyDestroyRegistry(registry);
    NdisChimneyDestroyRegistry(NULL);
    return check_summary("driver_check");
}
