// The one description of the structures' fields, from which the layout of
// every ABI is computed (see StructureLayout.swift). Field order, names and
// type names are the WDK's.

/// How a field is stored, as much as layout and decoding need to know.
///
/// Not `indirect`: the only arrays in these structures are of `PVOID`, so no
/// case needs a heap box (boxes held in tagged enum payloads also confuse
/// LeakSanitizer, which cannot follow the pointer).
public enum FieldStorage: Hashable, Sendable {
    /// An unsigned integer of this many bytes (`UCHAR`, `USHORT`, `ULONG`).
    case unsigned(bytes: Int)
    /// A signed integer of this many bytes (`NDIS_STATUS`).
    case signed(bytes: Int)
    /// A data or function pointer: as wide as the ABI's pointers.
    case pointer
    /// A nested structure.
    case structure(StructureDescription)
    /// A fixed-size array of pointers (`PVOID NdisReserved[3]`).
    case pointerArray(count: Int)
}

/// One field of a structure, in declaration order.
public struct FieldDescription: Hashable, Sendable {
    /// The WDK field name, for example `InitiateOffloadCompleteHandler`.
    public let name: String
    /// The WDK type spelling, for example `PVOID[3]` or `NDIS_OBJECT_HEADER`.
    public let typeName: String
    /// How the field is stored.
    public let storage: FieldStorage
    /// The C enumeration whose values the field holds (`OffloadType` holds an
    /// `NDIS_CHIMNEY_OFFLOAD_TYPE`), or nil.
    package let enumeration: EnumDescription?

    init(_ name: String, _ typeName: String, _ storage: FieldStorage, enumeration: EnumDescription? = nil) {
        self.name = name
        self.typeName = typeName
        self.storage = storage
        self.enumeration = enumeration
    }
}

/// A C structure: its WDK name and its fields in order.
public struct StructureDescription: Hashable, Sendable {
    /// The WDK type name, for example `NDIS_OBJECT_HEADER`.
    public let name: String
    /// The fields, in declaration order.
    public let fields: [FieldDescription]
    /// The last field of revision 1, for structures whose header carries a
    /// revision: the revision-1 size runs through it (`RTL_SIZEOF_THROUGH_FIELD`).
    public let revision1LastField: String?

    /// The WDK macro of the revision-1 size, for structures that have one:
    /// `NDIS_SIZEOF_` and the name without its `NDIS_`, then `_REVISION_1`.
    package var revision1SizeMacro: String? {
        revision1LastField.map { _ in "NDIS_SIZEOF_\(name.dropFirst("NDIS_".count))_REVISION_1" }
    }

    init(_ name: String, revision1LastField: String? = nil, _ fields: [FieldDescription]) {
        self.name = name
        self.fields = fields
        self.revision1LastField = revision1LastField
    }
}

extension StructureDescription {
    /// `NDIS_OBJECT_HEADER`: 4 bytes on every ABI.
    public static let objectHeader = StructureDescription(
        "NDIS_OBJECT_HEADER",
        [
            FieldDescription("Type", "UCHAR", .unsigned(bytes: 1)),
            FieldDescription("Revision", "UCHAR", .unsigned(bytes: 1)),
            FieldDescription("Size", "USHORT", .unsigned(bytes: 2)),
        ])

    /// `NDIS_DRIVER_OPTIONAL_HANDLERS`: the header `NdisSetOptionalHandlers`
    /// reads to learn which characteristics structure it was given.
    public static let driverOptionalHandlers = StructureDescription(
        "NDIS_DRIVER_OPTIONAL_HANDLERS",
        [FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader))])

    /// `NDIS_OFFLOAD_HANDLE`.
    public static let offloadHandle = StructureDescription(
        "NDIS_OFFLOAD_HANDLE",
        [
            FieldDescription("NdisReserved", "PVOID[1]", .pointerArray(count: 1)),
            FieldDescription("MiniportOffloadContext", "PVOID", .pointer),
        ])

    /// `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`, the handlers' second parameter.
    public static let offloadBlockList = blockList(
        "NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST",
        [
            FieldDescription("NdisReserved", "PVOID[3]", .pointerArray(count: 3)),
            FieldDescription("OffloadHandle", "PNDIS_OFFLOAD_HANDLE", .pointer),
        ])

    /// `NDIS_MINIPORT_OFFLOAD_BLOCK_LIST`, the offload target's view of the
    /// same memory as `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`.
    public static let miniportOffloadBlockList = blockList(
        "NDIS_MINIPORT_OFFLOAD_BLOCK_LIST",
        [
            FieldDescription("NdisReserved", "PVOID[2]", .pointerArray(count: 2)),
            FieldDescription("MiniportOffloadContext", "PVOID *", .pointer),
            FieldDescription("NdisOffloadHandle", "NDIS_HANDLE", .pointer),
        ])

    /// A block list `name`: the two views share every field but the four
    /// pointers after `Status` (`own`), and link to blocks of their own type.
    private static func blockList(_ name: String, _ own: [FieldDescription]) -> StructureDescription {
        StructureDescription(
            name,
            [
                FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
                FieldDescription("NextBlock", "P" + name, .pointer),
                FieldDescription("DependentBlockList", "P" + name, .pointer),
                FieldDescription("Status", "NDIS_STATUS", .signed(bytes: 4)),
            ] + own + [
                FieldDescription("ProtocolReserved", "PVOID[2]", .pointerArray(count: 2)),
                FieldDescription("MiniportReserved", "PVOID[2]", .pointerArray(count: 2)),
                FieldDescription("ImReserved", "PVOID[2]", .pointerArray(count: 2)),
                FieldDescription("Scratch", "PVOID[2]", .pointerArray(count: 2)),
                FieldDescription("SourceHandle", "PVOID", .pointer),
                FieldDescription("PortNumber", "NDIS_PORT_NUMBER", .unsigned(bytes: 4)),
                FieldDescription("NetBufferListChain", "PNET_BUFFER_LIST", .pointer),
            ])
    }

    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`, the protocol's
    /// generic chimney offload characteristics (Header.Type 0x8E).
    public static let chimneyCharacteristics = StructureDescription(
        "NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS",
        revision1LastField: "IndicateOffloadEventHandler",
        [
            FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
            FieldDescription("Flags", "ULONG", .unsigned(bytes: 4)),
            FieldDescription(
                "InitiateOffloadCompleteHandler", "INITIATE_OFFLOAD_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "TerminateOffloadCompleteHandler", "TERMINATE_OFFLOAD_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "UpdateOffloadCompleteHandler", "UPDATE_OFFLOAD_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "InvalidateOffloadCompleteHandler", "INVALIDATE_OFFLOAD_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "QueryOffloadCompleteHandler", "QUERY_OFFLOAD_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "IndicateOffloadEventHandler", "INDICATE_OFFLOAD_EVENT_HANDLER", .pointer),
        ])

    /// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`, the offload
    /// target's generic chimney offload characteristics (Header.Type 0x8F).
    /// No revision constant: its size is `sizeof` the structure.
    public static let providerGenericCharacteristics = StructureDescription(
        "NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS",
        [
            FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
            FieldDescription("Flags", "ULONG", .unsigned(bytes: 4)),
            FieldDescription("InitiateOffloadHandler", "W_INITIATE_OFFLOAD_HANDLER", .pointer),
            FieldDescription("TerminateOffloadHandler", "W_TERMINATE_OFFLOAD_HANDLER", .pointer),
            FieldDescription("UpdateOffloadHandler", "W_UPDATE_OFFLOAD_HANDLER", .pointer),
            FieldDescription("InvalidateOffloadHandler", "W_INVALIDATE_OFFLOAD_HANDLER", .pointer),
            FieldDescription("QueryOffloadHandler", "W_QUERY_OFFLOAD_HANDLER", .pointer),
        ])

    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS`, the protocol's TCP
    /// chimney characteristics (Header.Type 0x93).
    public static let clientTCPCharacteristics = StructureDescription(
        "NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS",
        revision1LastField: "TcpOffloadReceiveIndicateHandler",
        [
            FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
            FieldDescription("Flags", "ULONG", .unsigned(bytes: 4)),
            offloadType,
            FieldDescription(
                "TcpOffloadSendCompleteHandler", "TCP_OFFLOAD_SEND_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "TcpOffloadReceiveCompleteHandler", "TCP_OFFLOAD_RECV_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "TcpOffloadDisconnectCompleteHandler", "TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER", .pointer),
            FieldDescription(
                "TcpOffloadForwardCompleteHandler", "TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER", .pointer),
            FieldDescription("TcpOffloadEventHandler", "TCP_OFFLOAD_EVENT_HANDLER", .pointer),
            FieldDescription(
                "TcpOffloadReceiveIndicateHandler", "TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER", .pointer),
        ])

    /// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS`, the offload
    /// target's TCP chimney characteristics (Header.Type 0x94). No revision
    /// constant: its size is `sizeof` the structure.
    public static let providerTCPCharacteristics = StructureDescription(
        "NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS",
        [
            FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
            FieldDescription("Flags", "ULONG", .unsigned(bytes: 4)),
            offloadType,
            FieldDescription("TcpOffloadSendHandler", "W_TCP_OFFLOAD_SEND_HANDLER", .pointer),
            FieldDescription("TcpOffloadReceiveHandler", "W_TCP_OFFLOAD_RECEIVE_HANDLER", .pointer),
            FieldDescription("TcpOffloadDisconnectHandler", "W_TCP_OFFLOAD_DISCONNECT_HANDLER", .pointer),
            FieldDescription("TcpOffloadForwardHandler", "W_TCP_OFFLOAD_FORWARD_HANDLER", .pointer),
            FieldDescription(
                "TcpOffloadReceiveReturnHandler", "W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER", .pointer),
        ])

    /// `OffloadType` of both TCP structures: an `NDIS_CHIMNEY_OFFLOAD_TYPE`,
    /// a C enumeration (an `int` on Windows).
    private static let offloadType = FieldDescription(
        "OffloadType", "NDIS_CHIMNEY_OFFLOAD_TYPE", .signed(bytes: 4), enumeration: .chimneyOffloadType)

    /// The structures `ndis-chimney layout` prints, in order: every
    /// structure `ndischimney.h` declares.
    public static let all: [StructureDescription] = [
        .objectHeader, .driverOptionalHandlers, .offloadHandle, .offloadBlockList, .miniportOffloadBlockList,
        .chimneyCharacteristics, .providerGenericCharacteristics, .clientTCPCharacteristics,
        .providerTCPCharacteristics,
    ]
}
