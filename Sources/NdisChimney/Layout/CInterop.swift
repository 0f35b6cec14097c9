// The C world, named in one place.
//
// Every C declaration of `ndischimney.h` is re-exported under its WDK name;
// the Swift names below are aliases of those same types, so a value moves
// between the two spellings without conversion.

@_exported import CNdisChimney

/// The characteristics structure a protocol driver passes to
/// `NdisSetOptionalHandlers`.
///
/// The corresponding C type is `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`.
public typealias CChimneyCharacteristics = NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS

/// The generic chimney offload characteristics an offload target passes to
/// `NdisSetOptionalHandlers`.
///
/// The corresponding C type is `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`.
public typealias CProviderChimneyCharacteristics = NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS

/// The TCP chimney characteristics a protocol driver passes to
/// `NdisSetOptionalHandlers`.
///
/// The corresponding C type is `NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS`.
public typealias CClientTCPCharacteristics = NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS

/// The TCP chimney characteristics an offload target passes to
/// `NdisSetOptionalHandlers`.
///
/// The corresponding C type is `NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS`.
public typealias CProviderTCPCharacteristics = NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS

/// The header every NDIS 6 structure starts with.
///
/// The corresponding C type is `NDIS_OBJECT_HEADER`.
public typealias CObjectHeader = NDIS_OBJECT_HEADER

/// One offload request (or the root of a tree of them) handed back to the
/// completion handlers.
///
/// The corresponding C type is `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`.
public typealias COffloadBlockList = NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST

/// One offload request as the offload target receives it: the same memory
/// as a `COffloadBlockList`, seen from the miniport's side.
///
/// The corresponding C type is `NDIS_MINIPORT_OFFLOAD_BLOCK_LIST`.
public typealias CMiniportOffloadBlockList = NDIS_MINIPORT_OFFLOAD_BLOCK_LIST

/// The handle NDIS and the offload target share for one offloaded state.
///
/// The corresponding C type is `NDIS_OFFLOAD_HANDLE`.
public typealias COffloadHandle = NDIS_OFFLOAD_HANDLE

/// The type-erased header NDIS reads to learn which structure it was given.
///
/// The corresponding C type is `NDIS_DRIVER_OPTIONAL_HANDLERS`.
public typealias CDriverOptionalHandlers = NDIS_DRIVER_OPTIONAL_HANDLERS

/// A protocol's completion routine for initiate, terminate, update,
/// invalidate and query requests: `(ProtocolBindingContext, OffloadBlockList)`.
///
/// The corresponding C types are `INITIATE_OFFLOAD_COMPLETE_HANDLER` and its
/// four twins, which share this signature.
public typealias OffloadCompleteHandler =
    @convention(c) (NDIS_HANDLE?, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) -> Void

/// A protocol's offload event routine:
/// `(ProtocolBindingContext, OffloadBlockList, IndicationCode)`.
///
/// The corresponding C type is `INDICATE_OFFLOAD_EVENT_HANDLER`.
public typealias IndicateOffloadEventHandler =
    @convention(c) (NDIS_HANDLE?, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, ULONG) -> Void

/// An offload target's request handler for initiate, terminate, update,
/// invalidate and query requests: `(MiniportAdapterContext, OffloadBlockList)`.
///
/// The corresponding C types are `W_INITIATE_OFFLOAD_HANDLER` and its four
/// twins, which share this signature.
public typealias ProviderOffloadHandler =
    @convention(c) (NDIS_HANDLE?, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) -> Void

/// The registry's offload hook: `(Context, Handle, Routine, OffloadBlockList,
/// Reason)`, called for every offload call the library refuses.
///
/// The corresponding C type is `NDIS_CHIMNEY_OFFLOAD_HOOK`.
public typealias OffloadHookFunction =
    @convention(c) (UnsafeMutableRawPointer?, NDIS_HANDLE?, ULONG, UnsafeMutableRawPointer?, ULONG) -> Void
