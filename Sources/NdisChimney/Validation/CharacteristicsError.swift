/// Why a characteristics structure (or an image of one) was refused. Each
/// case names the field, the value found and what was expected.
public enum CharacteristicsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No structure at all: the pointer was NULL.
    case nullPointer
    /// Fewer bytes than the 4-byte header: nothing can be read.
    case truncatedHeader(available: Int)
    /// `Header.Type` names none of the four characteristics structures, when
    /// the structure was to be chosen by it (`NdisSetOptionalHandlers`).
    case unsupportedObjectType(NDISObjectType)
    /// `Header.Revision` is 0; the client structures' revisions start at 1.
    case revisionZero
    /// `Header.Size` is below the revision-1 size of the ABI, in the client
    /// generic structure (the other kinds answer `sizeBelowMinimum`).
    case sizeTooSmall(size: USHORT, minimum: Int, abi: ABI)
    /// `Header.Size` is below the least size of the ABI in a structure of
    /// another kind than the client generic one: the revision-1 size of the
    /// TCP client structure, `sizeof` a provider structure.
    case sizeBelowMinimum(kind: CharacteristicsKind, size: USHORT, minimum: Int, abi: ABI)
    /// `Header.Size` claims more bytes than the buffer holds.
    case sizeExceedsBuffer(size: USHORT, available: Int)
    /// The reserved `Flags` is not zero.
    case reservedFlagsSet(ULONG)
    /// A TCP structure's `OffloadType` is not `NdisTcpChimneyOffload`.
    case unsupportedOffloadType(ChimneyOffloadType)

    /// The WDK name of the field at fault.
    public var field: String {
        switch self {
        case .nullPointer: "OptionalHandlers"
        case .truncatedHeader: "Header"
        case .unsupportedObjectType: "Header.Type"
        case .revisionZero: "Header.Revision"
        case .sizeTooSmall, .sizeBelowMinimum, .sizeExceedsBuffer: "Header.Size"
        case .reservedFlagsSet: "Flags"
        case .unsupportedOffloadType: "OffloadType"
        }
    }

    /// The status NDIS answers for this input: `NDIS_STATUS_NOT_SUPPORTED`
    /// for a Type that names no structure handled here, else
    /// `NDIS_STATUS_INVALID_PARAMETER`, since the structure is malformed.
    public var status: NDISStatus {
        if case .unsupportedObjectType = self { return .notSupported }
        return .invalidParameter
    }

    /// One line: the field, its value and what was expected.
    public var description: String { StringSink.text(write) }

    /// Writes `description` into `sink`, allocating nothing (the C entry
    /// point writes it straight into its caller's buffer).
    func write(to sink: inout some MessageSink) {
        switch self {
        case .nullPointer:
            sink.append("OptionalHandlers is NULL, expected a pointer to the characteristics")
        case .truncatedHeader(let available):
            sink.append("Header is truncated: ")
            sink.append(decimal: available)
            sink.append(available == 1 ? " byte" : " bytes")
            sink.append(" available, expected at least 4")
        case .unsupportedObjectType(let type):
            sink.append("Header.Type is ")
            sink.append(hex: type.rawValue, digits: 2)
            sink.append(", expected 0x8e, 0x8f, 0x93 or 0x94 (a chimney offload characteristics structure)")
        case .revisionZero:
            sink.append("Header.Revision is 0, expected 1 or higher")
        case .sizeTooSmall(let size, let minimum, let abi):
            Self.writeSizeTooSmall(size, minimum, CharacteristicsKind.clientGeneric.minimumSizeName, abi, to: &sink)
        case .sizeBelowMinimum(let kind, let size, let minimum, let abi):
            Self.writeSizeTooSmall(size, minimum, kind.minimumSizeName, abi, to: &sink)
        case .sizeExceedsBuffer(let size, let available):
            sink.append("Header.Size is ")
            sink.append(decimal: size)
            sink.append(", expected at most ")
            sink.append(decimal: available)
            sink.append(" (the bytes available)")
        case .reservedFlagsSet(let flags):
            sink.append("Flags is ")
            sink.append(hex: flags, digits: 8)
            sink.append(", expected 0 (reserved for system use)")
        case .unsupportedOffloadType(let type):
            sink.append("OffloadType is ")
            sink.append(decimal: type.rawValue)
            sink.append(", expected 1 (NdisTcpChimneyOffload)")
        }
    }

    /// `Header.Size is 55, expected at least 56 (NAME on x64)`.
    private static func writeSizeTooSmall(
        _ size: USHORT, _ minimum: Int, _ name: StaticString, _ abi: ABI, to sink: inout some MessageSink
    ) {
        sink.append("Header.Size is ")
        sink.append(decimal: size)
        sink.append(", expected at least ")
        sink.append(decimal: minimum)
        sink.append(" (")
        sink.append(name)
        sink.append(" on ")
        sink.append(abi.staticName)
        sink.append(")")
    }
}
