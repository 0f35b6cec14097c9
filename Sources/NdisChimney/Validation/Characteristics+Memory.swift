// The ways into the validator for structures in this process's memory: a
// pointer to a structure of a known kind, a value of one, and the
// type-erased pointer NdisSetOptionalHandlers receives. Each runs the rules
// of Characteristics.init(validating:abi:kind:) on the host ABI, over the
// bytes the structure is taken to have.

/// One of the four C characteristics structures, which knows its kind: the
/// Swift views of `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`,
/// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`,
/// `NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS` and
/// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS` conform; nothing else
/// should.
public protocol CharacteristicsStructure {
    /// Which structure this is.
    static var characteristicsKind: CharacteristicsKind { get }
}

extension CChimneyCharacteristics: CharacteristicsStructure {
    /// `.clientGeneric`.
    public static var characteristicsKind: CharacteristicsKind { .clientGeneric }
}

extension CProviderChimneyCharacteristics: CharacteristicsStructure {
    /// `.providerGeneric`.
    public static var characteristicsKind: CharacteristicsKind { .providerGeneric }
}

extension CClientTCPCharacteristics: CharacteristicsStructure {
    /// `.clientTCP`.
    public static var characteristicsKind: CharacteristicsKind { .clientTCP }
}

extension CProviderTCPCharacteristics: CharacteristicsStructure {
    /// `.providerTCP`.
    public static var characteristicsKind: CharacteristicsKind { .providerTCP }
}

extension Characteristics {
    /// Validates a structure in this process's memory.
    ///
    /// Only the header is read before it is checked; then `Header.Size` bytes
    /// are taken to be there, as NDIS takes them, and only the fields the
    /// rules name among them are read.
    public init<Structure: CharacteristicsStructure>(
        validating pointer: UnsafePointer<Structure>
    ) throws(CharacteristicsError) {
        try self.init(validatingHeaderAt: UnsafeRawPointer(pointer), kind: Structure.characteristicsKind)
    }

    /// Validates a client generic structure in this process's memory, as
    /// `init(validating:)` for any kind does; NULL is `nullPointer`.
    public init(validating pointer: UnsafePointer<CChimneyCharacteristics>?) throws(CharacteristicsError) {
        guard let pointer else { throw .nullPointer }
        try self.init(validatingHeaderAt: UnsafeRawPointer(pointer), kind: .clientGeneric)
    }

    /// Validates a structure value. The value holds exactly
    /// `MemoryLayout<Structure>.size` bytes, so a `Size` that claims more is
    /// refused.
    public init<Structure: CharacteristicsStructure>(validating value: Structure) throws(CharacteristicsError) {
        self = try withUnsafeBytes(of: value) { bytes throws(CharacteristicsError) in
            try Characteristics(validating: bytes, abi: .host, kind: Structure.characteristicsKind)
        }
    }

    /// Validates what `NdisSetOptionalHandlers` is given: the structure
    /// `handlers` points to, as the kind its `Header.Type` names, and
    /// returns it with its kind, its entry points in field order and (TCP)
    /// its offload type. For the registry's `NdisSetOptionalHandlers`.
    ///
    /// - Parameters:
    ///   - handlers: the structure, as the type-erased header NDIS reads.
    ///   - available: the bytes known to be there (a Swift value's own size);
    ///     nil takes `Header.Size` bytes to be there (at least the header's
    ///     4), as NDIS does. Either way, the verdict is the one
    ///     `init(validatingByType:abi:)` reaches on those bytes.
    /// - Throws: `unsupportedObjectType` (its `status` is
    ///   NDIS_STATUS_NOT_SUPPORTED) when `Header.Type` names none of the four
    ///   structures; otherwise, the first rule the structure breaks (status
    ///   NDIS_STATUS_INVALID_PARAMETER).
    ///
    /// Allocates nothing and builds nothing: one branch per kind, then the
    /// same code `NdisChimneyValidateImage` runs.
    ///
    /// ```swift
    /// let validated = try Characteristics(validatingOptionalHandlers: handlers)
    /// switch validated.kind { ... }            // .clientGeneric, .providerTCP, ...
    /// for address in validated.entryPoints { ... }  // 6 or 5, in field order
    /// ```
    public init(
        validatingOptionalHandlers handlers: UnsafePointer<CDriverOptionalHandlers>, available: Int? = nil
    ) throws(CharacteristicsError) {
        if let available {
            try self.init(validatingByType: UnsafeRawBufferPointer(start: handlers, count: available), abi: .host)
            return
        }
        let type = NDISObjectType(rawValue: handlers.pointee.Header.Type)
        guard let kind = CharacteristicsKind(objectType: type) else { throw .unsupportedObjectType(type) }
        try self.init(validatingHeaderAt: UnsafeRawPointer(handlers), kind: kind)
    }

    /// The pointer path: the structure at `start` has a header (the caller's
    /// pointer type says so), so at least its 4 bytes are there, and a Size
    /// below 4 is judged as too small; `Header.Size` bytes are taken to be
    /// there.
    private init(validatingHeaderAt start: UnsafeRawPointer, kind: CharacteristicsKind) throws(CharacteristicsError) {
        let header = start.assumingMemoryBound(to: CObjectHeader.self).pointee
        let claimed = max(Int(header.Size), MemoryLayout<CObjectHeader>.size)
        try self.init(validating: UnsafeRawBufferPointer(start: start, count: claimed), abi: .host, kind: kind)
    }
}
