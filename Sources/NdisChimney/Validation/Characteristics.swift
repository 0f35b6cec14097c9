/// A validated `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`, read from
/// a typed value, a pointer, or the raw bytes of any ABI.
///
/// Every initializer runs the same rules (see `Docs/Validation.md`):
/// - `Header.Revision` is at least 1; a higher revision is accepted and its
///   revision-1 fields are read (a later revision may only grow the structure);
/// - `Header.Size` is at least `NDIS_SIZEOF_..._REVISION_1` of the ABI and no
///   more than the bytes available;
/// - `Flags`, reserved for system use, is 0;
/// - `Header.Type` is not significant for this structure: it is reported,
///   not checked. NULL entry points are legal.
public struct Characteristics: Hashable, Sendable {
    /// The ABI whose layout the structure was read with.
    public let abi: ABI
    /// `Header.Type`, as found.
    public let type: NDISObjectType
    /// `Header.Revision`, as found (1 or higher).
    public let revision: UCHAR
    /// `Header.Size`, as found.
    public let size: USHORT
    /// `Flags` (always 0 once validated).
    public let flags: ULONG
    /// The six entry-point addresses in field order (0 for NULL), as wide as
    /// the ABI's pointers.
    public let addresses: [UInt64]

    /// The address of one entry point, 0 for NULL.
    public func address(of entryPoint: EntryPoint) -> UInt64 { addresses[entryPoint.rawValue] }

    /// Validates raw bytes laid out for `abi`, reading nothing outside `bytes`.
    public init(validating bytes: UnsafeRawBufferPointer, abi: ABI) throws(CharacteristicsError) {
        let layout = CharacteristicsLayouts.layout(for: abi)
        let image = RawImage(bytes: bytes, layout: layout)
        let header = layout[field: "Header"]
        guard let type = image.unsigned(at: header.offset, size: 1),
            let revision = image.unsigned(at: header.offset + 1, size: 1),
            let size = image.unsigned(at: header.offset + 2, size: 2)
        else { throw .truncatedHeader(available: bytes.count) }
        guard revision >= 1 else { throw .revisionZero }
        let minimum = layout.revision1Size!
        guard size >= minimum else {
            throw .sizeTooSmall(size: USHORT(size), minimum: minimum, abi: abi)
        }
        guard size <= bytes.count else {
            throw .sizeExceedsBuffer(size: USHORT(size), available: bytes.count)
        }
        // Size >= the revision-1 size and Size <= bytes.count, so every
        // revision-1 field below is inside the buffer.
        let flags = image.unsigned(layout[field: "Flags"])!
        guard flags == 0 else { throw .reservedFlagsSet(ULONG(flags)) }
        self.abi = abi
        self.type = NDISObjectType(rawValue: UCHAR(type))
        self.revision = UCHAR(revision)
        self.size = USHORT(size)
        self.flags = ULONG(flags)
        self.addresses = EntryPoint.allCases.map { image.unsigned(layout[field: $0.fieldName])! }
    }

    /// Validates raw bytes laid out for `abi`.
    public init(validating bytes: [UInt8], abi: ABI) throws(CharacteristicsError) {
        self = try bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: abi) }.get()
    }

    /// The validator's verdict on raw bytes laid out for `abi`, as a value,
    /// for callers that report a failure rather than throw it.
    public static func verdict(
        on bytes: UnsafeRawBufferPointer, abi: ABI
    ) -> Result<Characteristics, CharacteristicsError> {
        Result { () throws(CharacteristicsError) in try Characteristics(validating: bytes, abi: abi) }
    }

    /// Validates a structure in this process's memory.
    ///
    /// Only the header is read before it is checked; then `Header.Size` bytes
    /// are taken to be there, as NDIS takes them, and only the revision-1
    /// fields among them are read.
    public init(validating pointer: UnsafePointer<CChimneyCharacteristics>?) throws(CharacteristicsError) {
        guard let pointer else { throw .nullPointer }
        // The header itself is there (the caller passed a structure that
        // starts with one), so a Size below 4 is judged as too small.
        let claimed = max(Int(pointer.pointee.Header.Size), MemoryLayout<CObjectHeader>.size)
        try self.init(validating: UnsafeRawBufferPointer(start: pointer, count: claimed), abi: .host)
    }

    /// Validates a structure value. The value holds exactly
    /// `MemoryLayout<CChimneyCharacteristics>.size` bytes, so a `Size` that
    /// claims more is refused.
    public init(validating value: CChimneyCharacteristics) throws(CharacteristicsError) {
        var copy = value
        self = try withUnsafeBytes(of: &copy) { Characteristics.verdict(on: $0, abi: .host) }.get()
    }
}

/// The characteristics layout of each ABI, computed once.
enum CharacteristicsLayouts {
    private static let windows = ABI.windows.map { StructureDescription.chimneyCharacteristics.layout(for: $0) }
    private static let host = StructureDescription.chimneyCharacteristics.layout(for: .host)

    static func layout(for abi: ABI) -> StructureLayout {
        abi == .host ? host : windows.first { $0.abi == abi }!
    }
}
