import NdisChimney

/// `layout --format isf`: a Volatility 3 Intermediate Symbol Format file
/// (format 6.2.0) for one Windows ABI, from the same layout description as
/// every other rendering.
///
/// Types are named as Windows' own symbol files name them: a structure by its
/// tag (`_NDIS_OBJECT_HEADER`), scalars by their C base type (`ULONG` is
/// `unsigned long`, 4 bytes on every Windows ABI).
enum ISFRendering {
    /// The ISF format version written; volatility3 2.x reads it.
    static let format = "6.2.0"

    /// The symbol table of `structures` and `enums`, laid out for `abi`.
    static func isf(_ structures: [StructureLayout], enums: [EnumDescription], abi: ABI) -> JSON {
        let described = Set(structures.map(\.name))
        var baseTypes: [String: BaseType] = [
            "pointer": BaseType(kind: "int", size: abi.pointerSize, signed: false),
            "void": BaseType(kind: "void", size: 0, signed: false),
        ]
        let userTypes: [(String, JSON)] = structures.map { layout in
            let fields: [(String, JSON)] = layout.fields.map { field in
                let type = descriptor(of: field, described: described, baseTypes: &baseTypes)
                return (field.name, .object([("offset", .int(field.offset)), ("type", type)]))
            }
            return (
                tag(layout.name),
                .object([("kind", .string("struct")), ("size", .int(layout.size)), ("fields", .object(fields))])
            )
        }
        let enumTypes = enums.map { enumeration($0, baseTypes: &baseTypes) }
        return .object([
            (
                "metadata",
                .object([
                    ("format", .string(format)),
                    ("producer", .object([("name", .string("ndis-chimney")), ("version", .string(toolVersion))])),
                ])
            ),
            ("base_types", .object(baseTypes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
            ("user_types", .object(userTypes)),
            ("enums", .object(enumTypes)),
            ("symbols", .object([])),
        ])
    }

    /// An enumeration under its tag name (`_INDICATE_OFFLOAD_EVENT`): its
    /// size, its base type (`int`, as the C compiler stores an enumeration on
    /// Windows), which it records, and its constants.
    private static func enumeration(
        _ description: EnumDescription, baseTypes: inout [String: BaseType]
    ) -> (String, JSON) {
        let base = description.size == 4 ? "int" : baseTypeName(bytes: description.size, signed: true)
        baseTypes[base] = BaseType(kind: "int", size: description.size, signed: true)
        let constants = description.constants.map { ($0.name, JSON.int(Int($0.value))) }
        return (
            tag(description.name),
            .object([("size", .int(description.size)), ("base", .string(base)), ("constants", .object(constants))])
        )
    }

    /// An ISF base type: the kind, size and signedness of a scalar.
    private struct BaseType {
        let kind: String
        let size: Int
        let signed: Bool

        var json: JSON {
            .object([
                ("kind", .string(kind)), ("size", .int(size)), ("signed", .bool(signed)),
                ("endian", .string("little")),
            ])
        }
    }

    /// The structure tag Windows' symbols use: `NDIS_OBJECT_HEADER` is
    /// `typedef struct _NDIS_OBJECT_HEADER { ... }`.
    private static func tag(_ typedefName: String) -> String { "_" + typedefName }

    /// A field's ISF type descriptor; records the base types it names. A
    /// field that holds a C enumeration's values names the enumeration.
    private static func descriptor(
        of field: FieldLayout, described: Set<String>, baseTypes: inout [String: BaseType]
    ) -> JSON {
        if let enumeration = field.enumeration {
            return .object([("kind", .string("enum")), ("name", .string(tag(enumeration.name)))])
        }
        switch field.storage {
        case .unsigned(let bytes), .signed(let bytes):
            let signed = field.storage == .signed(bytes: bytes)
            let name = baseTypeName(bytes: bytes, signed: signed)
            baseTypes[name] = BaseType(kind: bytes == 1 ? "char" : "int", size: bytes, signed: signed)
            return .object([("kind", .string("base")), ("name", .string(name))])
        case .structure(let nested):
            return .object([("kind", .string("struct")), ("name", .string(tag(nested.name)))])
        case .pointer:
            return pointer(to: field.typeName, described: described)
        case .pointerArray(let count):
            return .object([
                ("kind", .string("array")), ("count", .int(count)),
                ("subtype", pointer(to: "PVOID", described: described)),
            ])
        }
    }

    /// The C base type of a Windows scalar (LLP64: `long` is 32 bits).
    private static func baseTypeName(bytes: Int, signed: Bool) -> String {
        let name =
            switch bytes {
            case 1: "char"
            case 2: "short"
            case 4: "long"
            default: "long long"
            }
        return signed ? (bytes == 1 ? "signed char" : name) : "unsigned " + name
    }

    /// A pointer's descriptor, from its WDK type name: a handler typedef
    /// points to a function, `P` + a described structure to that structure,
    /// anything else (`PVOID`, `PNET_BUFFER_LIST`) to void.
    private static func pointer(to typeName: String, described: Set<String>) -> JSON {
        let pointee = String(typeName.dropFirst())
        let subtype: JSON =
            if typeName.hasSuffix("_HANDLER") {
                .object([("kind", .string("function"))])
            } else if typeName.hasPrefix("P"), described.contains(pointee) {
                .object([("kind", .string("struct")), ("name", .string(tag(pointee)))])
            } else {
                .object([("kind", .string("base")), ("name", .string("void"))])
            }
        return .object([("kind", .string("pointer")), ("subtype", subtype)])
    }
}
