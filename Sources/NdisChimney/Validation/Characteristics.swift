/// A validated chimney offload characteristics structure of one of the four
/// kinds (`CharacteristicsKind`), read from a typed value, a pointer, or the
/// raw bytes of any ABI.
///
/// Every way in runs the same rules (see `Docs/Validation.md`), in this
/// order:
/// - at least the 4 header bytes are there;
/// - for the client structures, `Header.Revision` is at least 1; a higher
///   revision is accepted and its revision-1 fields are read (a later
///   revision may only grow the structure). The provider structures have no
///   revision constant: any Revision is accepted;
/// - `Header.Size` is at least the kind's least size on the ABI
///   (`NDIS_SIZEOF_..._REVISION_1` for a client structure, `sizeof` a
///   provider one) and no more than the bytes available;
/// - `Flags`, reserved for system use, is 0;
/// - for the TCP structures, `OffloadType` is `NdisTcpChimneyOffload`.
///
/// `Header.Type` says which structure it is when the caller does not know
/// (`init(validatingByType:abi:)`, `init(validatingOptionalHandlers:available:)`);
/// once the caller has chosen the kind, it is reported, not checked. NULL
/// entry points are legal.
public struct Characteristics: Hashable, Sendable {
    /// Which structure it is.
    public let kind: CharacteristicsKind
    /// The ABI whose layout the structure was read with.
    public let abi: ABI
    /// `Header.Type`, as found.
    public let type: NDISObjectType
    /// `Header.Revision`, as found (1 or higher for a client structure).
    public let revision: UCHAR
    /// `Header.Size`, as found.
    public let size: USHORT
    /// `Flags` (always 0 once validated).
    public let flags: ULONG
    /// `OffloadType` of a TCP structure (always `.tcp` once validated); nil
    /// for the generic ones, which have none.
    public let offloadType: ChimneyOffloadType?
    /// The entry-point addresses in field order (0 for NULL), as wide as the
    /// ABI's pointers: as many as the kind has (`kind.entryPointCount`).
    public let entryPoints: EntryPoints

    /// The entry-point addresses in field order, as an array (which
    /// allocates); `entryPoints` holds them inline.
    public var addresses: [UInt64] { Array(entryPoints) }

    /// The address of one entry point of the client generic structure, 0 for
    /// NULL. Other kinds' entry points are `entryPoints[index]`, in field order.
    public func address(of entryPoint: EntryPoint) -> UInt64 { entryPoints[entryPoint] }

    /// Validates raw bytes laid out for `abi` as a structure of `kind` (by
    /// default the client generic one), reading nothing outside `bytes`.
    ///
    /// Allocates nothing and counts no references; an error's message is
    /// built only when its `description` is asked for.
    public init(
        validating bytes: UnsafeRawBufferPointer, abi: ABI, kind: CharacteristicsKind = .clientGeneric
    ) throws(CharacteristicsError) {
        // One copy of the rules per kind, each with its kind a constant, so
        // that the compiler folds the kind's offsets and counts away.
        switch kind {
        case .clientGeneric: try self.init(validating: bytes, abi: abi, constantKind: .clientGeneric)
        case .providerGeneric: try self.init(validating: bytes, abi: abi, constantKind: .providerGeneric)
        case .clientTCP: try self.init(validating: bytes, abi: abi, constantKind: .clientTCP)
        case .providerTCP: try self.init(validating: bytes, abi: abi, constantKind: .providerTCP)
        }
    }

    @inline(__always)
    private init(
        validating bytes: UnsafeRawBufferPointer, abi: ABI, constantKind kind: CharacteristicsKind
    ) throws(CharacteristicsError) {
        let offsets = CharacteristicsOffsets(abi, kind: kind)
        if let error = Characteristics.brokenRule(in: bytes, abi: abi, offsets) { throw error }
        self.kind = kind
        self.abi = abi
        size = USHORT(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.size, as: USHORT.self))
        type = NDISObjectType(rawValue: bytes.loadUnaligned(fromByteOffset: offsets.type, as: UInt8.self))
        revision = bytes.loadUnaligned(fromByteOffset: offsets.revision, as: UInt8.self)
        flags = 0
        offloadType = kind.hasOffloadType ? .tcp : nil
        // brokenRule found Size >= the least size and Size <= bytes.count, so
        // every entry point lies inside the buffer.
        entryPoints = EntryPoints(offsets.entryPoints(in: bytes), count: kind.entryPointCount)
    }

    /// Validates raw bytes laid out for `abi` as the structure their
    /// `Header.Type` names: `truncatedHeader` when fewer than the 4 header
    /// bytes are there, `unsupportedObjectType` (NDIS_STATUS_NOT_SUPPORTED)
    /// when the Type names none of the four structures, else the rules of
    /// that kind.
    public init(validatingByType bytes: UnsafeRawBufferPointer, abi: ABI) throws(CharacteristicsError) {
        guard bytes.count >= MemoryLayout<CObjectHeader>.size else {
            throw .truncatedHeader(available: bytes.count)
        }
        let type = NDISObjectType(rawValue: bytes.load(fromByteOffset: 0, as: UInt8.self))
        guard let kind = CharacteristicsKind(objectType: type) else { throw .unsupportedObjectType(type) }
        try self.init(validating: bytes, abi: abi, kind: kind)
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
        let kind = offsets.kind
        if kind.definesRevision1 {
            guard bytes.loadUnaligned(fromByteOffset: offsets.revision, as: UInt8.self) >= 1 else {
                return .revisionZero
            }
        }
        let size = USHORT(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.size, as: USHORT.self))
        guard size >= offsets.minimumSize else {
            guard kind == .clientGeneric else {
                return .sizeBelowMinimum(kind: kind, size: size, minimum: offsets.minimumSize, abi: abi)
            }
            return .sizeTooSmall(size: size, minimum: offsets.minimumSize, abi: abi)
        }
        guard size <= bytes.count else { return .sizeExceedsBuffer(size: size, available: bytes.count) }
        // Size >= the least size and Size <= bytes.count, so every field the
        // rules read is inside the buffer.
        let flags = ULONG(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.flags, as: ULONG.self))
        guard flags == 0 else { return .reservedFlagsSet(flags) }
        if kind.hasOffloadType {
            let type = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offsets.offloadType, as: UInt32.self))
            guard type == ChimneyOffloadType.tcp.rawValue else {
                return .unsupportedOffloadType(ChimneyOffloadType(rawValue: type))
            }
        }
        return nil
    }

    /// Validates raw bytes laid out for `abi` as a structure of `kind`.
    public init(
        validating bytes: [UInt8], abi: ABI, kind: CharacteristicsKind = .clientGeneric
    ) throws(CharacteristicsError) {
        self = try bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: abi, kind: kind) }.get()
    }

    /// The validator's verdict on raw bytes laid out for `abi` as a
    /// structure of `kind`, as a value, for callers that report a failure
    /// rather than throw it.
    public static func verdict(
        on bytes: UnsafeRawBufferPointer, abi: ABI, kind: CharacteristicsKind = .clientGeneric
    ) -> Result<Characteristics, CharacteristicsError> {
        Result { () throws(CharacteristicsError) in try Characteristics(validating: bytes, abi: abi, kind: kind) }
    }
}
