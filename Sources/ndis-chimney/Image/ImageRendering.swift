import NdisChimney

/// How `validate` and `decode` print images.
enum ImageRendering {
    /// A field's value as people read it: pointers in hex as wide as the
    /// ABI's, NULL named; the header type with its macro name.
    static func text(of field: DecodedImage.Field, abi: ABI) -> String {
        guard let value = field.value else { return "(beyond the image)" }
        switch field.storage {
        case .pointer:
            return value == 0 ? "NULL" : hex(value, digits: abi.pointerSize * 2)
        case _ where field.name == "Header.Type":
            return NDISObjectType(rawValue: UCHAR(value)).description
        case _ where field.name == "Flags":
            return hex(value, digits: 8)
        default:
            return String(value)
        }
    }

    static func decodeText(_ decoded: DecodedImage) -> String {
        var out = "NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS  [\(decoded.abi)], \(decoded.byteCount) bytes\n"
        let width = decoded.fields.map(\.name.count).max() ?? 0
        for field in decoded.fields {
            let name = field.name + String(repeating: " ", count: width - field.name.count)
            out += "   +\(hex(field.offset, digits: 3)) \(name) : \(text(of: field, abi: decoded.abi))\n"
        }
        return out
    }

    static func decodeJSON(_ decoded: DecodedImage) -> JSON {
        .object([
            ("abi", .string(decoded.abi.name)),
            ("bytes", .int(decoded.byteCount)),
            ("valid", .bool(decoded.validation.isSuccess)),
            ("error", errorJSON(decoded.validation)),
            (
                "fields",
                .array(
                    decoded.fields.map { field in
                        .object([
                            ("name", .string(field.name)),
                            ("type", .string(field.typeName)),
                            ("offset", .int(field.offset)),
                            ("size", .int(field.size)),
                            ("value", field.value.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null),
                            ("text", .string(text(of: field, abi: decoded.abi))),
                        ])
                    })
            ),
        ])
    }

    static func validationJSON(
        _ result: Result<Characteristics, CharacteristicsError>, abi: ABI, byteCount: Int
    ) -> JSON {
        .object([
            ("abi", .string(abi.name)),
            ("bytes", .int(byteCount)),
            ("valid", .bool(result.isSuccess)),
            ("error", errorJSON(result)),
        ])
    }

    private static func errorJSON(_ result: Result<Characteristics, CharacteristicsError>) -> JSON {
        guard case .failure(let error) = result else { return .null }
        return .object([
            ("field", .string(error.field)),
            ("message", .string(error.description)),
            ("status", .string(error.status.description)),
        ])
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
