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
    public let entryPoints: EntryPoints

    /// The six entry-point addresses in field order, as an array (which
    /// allocates); `entryPoints` holds them inline.
    public var addresses: [UInt64] { Array(entryPoints) }

    /// The address of one entry point, 0 for NULL.
    public func address(of entryPoint: EntryPoint) -> UInt64 { entryPoints[entryPoint] }

    /// Validates raw bytes laid out for `abi`, reading nothing outside `bytes`.
    ///
    /// Allocates nothing and counts no references; an error's message is
    /// built only when its `description` is asked for.
    public init(validating bytes: UnsafeRawBufferPointer, abi: ABI) throws(CharacteristicsError) {
        let offsets = CharacteristicsOffsets(abi)
        if let error = Characteristics.brokenRule(in: bytes, abi: abi, offsets) { throw error }
        self.abi = abi
        size = USHORT(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.size, as: USHORT.self))
        type = NDISObjectType(rawValue: bytes.loadUnaligned(fromByteOffset: offsets.type, as: UInt8.self))
        revision = bytes.loadUnaligned(fromByteOffset: offsets.revision, as: UInt8.self)
        flags = 0
        // brokenRule found Size >= the revision-1 size and Size <= bytes.count,
        // so every entry point lies inside the buffer.
        entryPoints = EntryPoints(offsets.entryPoints(in: bytes))
    }

    /// The first rule of `Docs/Validation.md` that raw bytes laid out for
    /// `abi` break, checked in order, or nil when they keep every one: the
    /// verdict alone, which is all `NdisChimneyValidateImage` needs. It
    /// returns rather than throws, so that a refusal costs no more than an
    /// acceptance.
    @inline(__always)
    static func brokenRule(
        in bytes: UnsafeRawBufferPointer, abi: ABI, _ offsets: CharacteristicsOffsets
    ) -> CharacteristicsError? {
        guard bytes.count >= offsets.headerEnd else { return .truncatedHeader(available: bytes.count) }
        guard bytes.loadUnaligned(fromByteOffset: offsets.revision, as: UInt8.self) >= 1 else { return .revisionZero }
        let size = USHORT(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.size, as: USHORT.self))
        guard size >= offsets.revision1Size else {
            return .sizeTooSmall(size: size, minimum: offsets.revision1Size, abi: abi)
        }
        guard size <= bytes.count else { return .sizeExceedsBuffer(size: size, available: bytes.count) }
        // Size >= the revision-1 size and Size <= bytes.count, so every
        // revision-1 field is inside the buffer.
        let flags = ULONG(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.flags, as: ULONG.self))
        guard flags == 0 else { return .reservedFlagsSet(flags) }
        return nil
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
        self = try withUnsafeBytes(of: value) { bytes throws(CharacteristicsError) in
            try Characteristics(validating: bytes, abi: .host)
        }
    }
}
