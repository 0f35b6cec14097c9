/* The WDK's headers first, then ndischimney.h: no redefinition, and the
 * header's assertions run over the WDK's declarations. */
#include <stddef.h>
#include "fake-wdk/wdk.h"
#include "ndischimney.h"

/* The header's own constants still arrive where the WDK stand-in has none. */
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS == 0x8E, "type");
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_STATUS_INVALID_PARAMETER == (NDIS_STATUS)0xC000000D, "status");
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS == 0x93, "TCP client type");
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS == 0x94, "TCP provider type");
