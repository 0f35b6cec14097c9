/// Every field of a characteristics image, decoded as far as its bytes go,
/// valid or not, beside the validator's verdict. For tools that show a
/// structure from a dump, including a broken one.
public struct DecodedImage: Sendable {
    /// One scalar field: the header's three members are listed one by one.
    public struct Field: Sendable {
        /// The field path, for example `Header.Size` or `Flags`.
        public let name: String
        /// The WDK type spelling.
        public let typeName: String
        /// How the field is stored.
        public let storage: FieldStorage
        /// The C enumeration whose values the field holds (`OffloadType`), or nil.
        package let enumeration: EnumDescription?
        /// Bytes from the start of the structure.
        public let offset: Int
        /// Bytes the field occupies.
        public let size: Int
        /// The little-endian value, or nil when the field lies (partly)
        /// beyond the bytes given.
        public let value: UInt64?
    }

    /// The ABI the image was read with.
    public let abi: ABI
    /// The structure the image was read as; nil when it was to be chosen by
    /// `Header.Type` and the Type named none (or was not there): then only
    /// the header is decoded, as `NDIS_DRIVER_OPTIONAL_HANDLERS`.
    public let kind: CharacteristicsKind?
    /// How many bytes the image has.
    public let byteCount: Int
    /// Every scalar field of the structure (its revision-1 fields, for a
    /// client structure), in offset order.
    public let fields: [Field]
    /// The validator's verdict on the same bytes.
    public let validation: Result<Characteristics, CharacteristicsError>

    /// The WDK name of the structure decoded: the kind's, or
    /// `NDIS_DRIVER_OPTIONAL_HANDLERS` when there is no kind.
    public var structureName: String { (kind?.structure ?? .driverOptionalHandlers).name }

    /// Decodes `bytes` laid out for `abi` as a structure of `kind` (by
    /// default the client generic one), reading nothing outside them.
    public init(bytes: UnsafeRawBufferPointer, abi: ABI, kind: CharacteristicsKind = .clientGeneric) {
        self.init(
            bytes: bytes, abi: abi, kind: kind, validation: Characteristics.verdict(on: bytes, abi: abi, kind: kind))
    }

    /// Decodes `bytes` laid out for `abi` as the structure their
    /// `Header.Type` names, with the verdict of
    /// `Characteristics(validatingByType:abi:)`.
    public init(byTypeOf bytes: UnsafeRawBufferPointer, abi: ABI) {
        let kind = bytes.first.flatMap { CharacteristicsKind(objectType: NDISObjectType(rawValue: $0)) }
        let validation = Result { () throws(CharacteristicsError) in
            try Characteristics(validatingByType: bytes, abi: abi)
        }
        self.init(bytes: bytes, abi: abi, kind: kind, validation: validation)
    }

    private init(
        bytes: UnsafeRawBufferPointer, abi: ABI, kind: CharacteristicsKind?,
        validation: Result<Characteristics, CharacteristicsError>
    ) {
        let image = RawImage(bytes: bytes)
        self.abi = abi
        self.kind = kind
        self.byteCount = bytes.count
        let structure =
            kind.map { CharacteristicsKind.allCases.firstIndex(of: $0)! } ?? CharacteristicsKind.allCases.count
        self.fields = DecodedImage.scalarFields[structure][Int(abi.kind.rawValue)].map { field in
            Field(
                name: field.name, typeName: field.typeName, storage: field.storage, enumeration: field.enumeration,
                offset: field.offset, size: field.size, value: image.unsigned(at: field.offset, size: field.size))
        }
        self.validation = validation
    }

    /// The scalar fields with no values yet of each kind's structure (in
    /// `CharacteristicsKind.allCases` order, then NDIS_DRIVER_OPTIONAL_HANDLERS),
    /// on each ABI (indexed by `ABI.Kind`'s raw value): worked out from the
    /// layouts once, not on every decode.
    private static let scalarFields = (CharacteristicsKind.allCases.map { $0.structure } + [.driverOptionalHandlers])
        .map {
            structure in ABI.Kind.allCases.map { scalars(of: structure, abi: ABI($0)) }
        }

    /// The scalar fields of `structure` on `abi`, a nested structure's
    /// members one by one under its name.
    private static func scalars(of structure: StructureDescription, abi: ABI) -> [Field] {
        structure.layout(for: abi).fields.flatMap { field -> [Field] in
            guard case .structure(let nested) = field.storage else {
                return [
                    Field(
                        name: field.name, typeName: field.typeName, storage: field.storage,
                        enumeration: field.enumeration, offset: field.offset, size: field.size, value: nil)
                ]
            }
            return nested.layout(for: abi).fields.map { member in
                Field(
                    name: "\(field.name).\(member.name)", typeName: member.typeName, storage: member.storage,
                    enumeration: member.enumeration, offset: field.offset + member.offset, size: member.size,
                    value: nil)
            }
        }
    }
}
