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

    init(_ name: String, _ typeName: String, _ storage: FieldStorage) {
        self.name = name
        self.typeName = typeName
        self.storage = storage
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

    /// `NDIS_OFFLOAD_HANDLE`.
    public static let offloadHandle = StructureDescription(
        "NDIS_OFFLOAD_HANDLE",
        [
            FieldDescription("NdisReserved", "PVOID[1]", .pointerArray(count: 1)),
            FieldDescription("MiniportOffloadContext", "PVOID", .pointer),
        ])

    /// `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`, the handlers' second parameter.
    public static let offloadBlockList = StructureDescription(
        "NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST",
        [
            FieldDescription("Header", "NDIS_OBJECT_HEADER", .structure(.objectHeader)),
            FieldDescription("NextBlock", "PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST", .pointer),
            FieldDescription("DependentBlockList", "PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST", .pointer),
            FieldDescription("Status", "NDIS_STATUS", .signed(bytes: 4)),
            FieldDescription("NdisReserved", "PVOID[3]", .pointerArray(count: 3)),
            FieldDescription("OffloadHandle", "PNDIS_OFFLOAD_HANDLE", .pointer),
            FieldDescription("ProtocolReserved", "PVOID[2]", .pointerArray(count: 2)),
            FieldDescription("MiniportReserved", "PVOID[2]", .pointerArray(count: 2)),
            FieldDescription("ImReserved", "PVOID[2]", .pointerArray(count: 2)),
            FieldDescription("Scratch", "PVOID[2]", .pointerArray(count: 2)),
            FieldDescription("SourceHandle", "PVOID", .pointer),
            FieldDescription("PortNumber", "NDIS_PORT_NUMBER", .unsigned(bytes: 4)),
            FieldDescription("NetBufferListChain", "PNET_BUFFER_LIST", .pointer),
        ])

    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`, the structure
    /// this library is about.
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

    /// The structures `ndis-chimney layout` prints, in order.
    public static let all: [StructureDescription] = [
        .objectHeader, .offloadHandle, .offloadBlockList, .chimneyCharacteristics,
    ]
}
