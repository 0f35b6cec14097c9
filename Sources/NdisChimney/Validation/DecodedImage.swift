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
    /// How many bytes the image has.
    public let byteCount: Int
    /// Every scalar field of the revision-1 structure, in offset order.
    public let fields: [Field]
    /// The validator's verdict on the same bytes.
    public let validation: Result<Characteristics, CharacteristicsError>

    /// Decodes `bytes` laid out for `abi`, reading nothing outside them.
    public init(bytes: UnsafeRawBufferPointer, abi: ABI) {
        let image = RawImage(bytes: bytes)
        self.abi = abi
        self.byteCount = bytes.count
        self.fields = DecodedImage.scalarFields[Int(abi.kind.rawValue)].map { field in
            Field(
                name: field.name, typeName: field.typeName, storage: field.storage, offset: field.offset,
                size: field.size, value: image.unsigned(at: field.offset, size: field.size))
        }
        self.validation = Characteristics.verdict(on: bytes, abi: abi)
    }

    /// Every ABI's scalar fields with no values yet, indexed by `ABI.Kind`'s
    /// raw value: worked out from the layouts once, not on every decode.
    private static let scalarFields = ABI.Kind.allCases.map { kind in
        let abi = ABI(kind)
        return StructureDescription.chimneyCharacteristics.layout(for: abi).fields.flatMap { field -> [Field] in
            guard case .structure(let nested) = field.storage else {
                return [
                    Field(
                        name: field.name, typeName: field.typeName, storage: field.storage, offset: field.offset,
                        size: field.size, value: nil)
                ]
            }
            return nested.layout(for: abi).fields.map { member in
                Field(
                    name: "\(field.name).\(member.name)", typeName: member.typeName, storage: member.storage,
                    offset: field.offset + member.offset, size: member.size, value: nil)
            }
        }
    }
}
