/// Why a characteristics structure (or an image of one) was refused. Each
/// case names the field, the value found and what was expected.
public enum CharacteristicsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No structure at all: the pointer was NULL.
    case nullPointer
    /// Fewer bytes than the 4-byte header: nothing can be read.
    case truncatedHeader(available: Int)
    /// `Header.Revision` is 0; revisions start at 1.
    case revisionZero
    /// `Header.Size` is below the revision-1 size of the ABI.
    case sizeTooSmall(size: USHORT, minimum: Int, abi: ABI)
    /// `Header.Size` claims more bytes than the buffer holds.
    case sizeExceedsBuffer(size: USHORT, available: Int)
    /// The reserved `Flags` is not zero.
    case reservedFlagsSet(ULONG)

    /// The WDK name of the field at fault.
    public var field: String {
        switch self {
        case .nullPointer: "OptionalHandlers"
        case .truncatedHeader: "Header"
        case .revisionZero: "Header.Revision"
        case .sizeTooSmall, .sizeExceedsBuffer: "Header.Size"
        case .reservedFlagsSet: "Flags"
        }
    }

    /// The status NDIS answers for this input: always
    /// `NDIS_STATUS_INVALID_PARAMETER`, since each case is a malformed structure.
    public var status: NDISStatus { .invalidParameter }

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
        case .revisionZero:
            sink.append("Header.Revision is 0, expected 1 or higher")
        case .sizeTooSmall(let size, let minimum, let abi):
            sink.append("Header.Size is ")
            sink.append(decimal: size)
            sink.append(", expected at least ")
            sink.append(decimal: minimum)
            sink.append(" (NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 on ")
            sink.append(abi.staticName)
            sink.append(")")
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
        }
    }
}
