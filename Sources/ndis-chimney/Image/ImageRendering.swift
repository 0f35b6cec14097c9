import NdisChimney

/// How `validate` and `decode` print images.
enum ImageRendering {
    /// A field's value as people read it: pointers in hex as wide as the
    /// ABI's, NULL named; the header type with its macro name; an
    /// enumeration's value with its enumerator's name.
    static func text(of field: DecodedImage.Field, abi: ABI) -> String {
        guard let value = field.value else { return "(beyond the image)" }
        if let enumeration = field.enumeration {
            let name = enumeration.constants.first { $0.value == Int64(value) }?.name
            return name.map { "\($0) (\(value))" } ?? String(value)
        }
        switch field.storage {
        case .pointer:
            return pointerText(value, abi: abi)
        case _ where field.name == "Header.Type":
            return NDISObjectType(rawValue: UCHAR(value)).description
        case _ where field.name == "Flags":
            return hex(value, digits: 8)
        default:
            return String(value)
        }
    }

    /// A pointer in hex as wide as the ABI's pointers, or NULL.
    static func pointerText(_ value: UInt64, abi: ABI) -> String {
        value == 0 ? "NULL" : hex(value, digits: abi.pointerSize * 2)
    }

    /// `decode`'s table: one line per field, `+0x008 Name : value`.
    static func decodeText(_ decoded: DecodedImage) -> String {
        var out = "\(decoded.structureName)  [\(decoded.abi)], \(decoded.byteCount) bytes\n"
        let width = decoded.fields.map(\.name.count).max() ?? 0
        for field in decoded.fields {
            let name = field.name + String(repeating: " ", count: width - field.name.count)
            out += "   +\(hex(field.offset, digits: 3)) \(name) : \(text(of: field, abi: decoded.abi))\n"
        }
        return out
    }

    /// `decode --json`'s object, also each line of `scan --json`: where the
    /// image is, the sizes, the verdict, the warnings and every field.
    static func decodeJSON(_ report: ImageReport) -> JSON {
        .object(
            placeJSON(report) + verdictJSON(report) + [
                (
                    "fields",
                    .array(
                        report.decoded.fields.map { field in
                            .object([
                                ("name", .string(field.name)),
                                ("type", .string(field.typeName)),
                                ("offset", .int(field.offset)),
                                ("size", .int(field.size)),
                                ("value", field.value.map { value(of: field, $0) } ?? .null),
                                ("text", .string(text(of: field, abi: report.abi))),
                            ])
                        })
                )
            ])
    }

    /// A field's value in JSON: a pointer as a lower-case hex string, exact
    /// whatever its width (`"0xfffff80512345671"`, `"0x0"` for NULL), since
    /// many JSON readers lose integers above 2^53; every other field fits in
    /// 32 bits and stays a number.
    private static func value(of field: DecodedImage.Field, _ value: UInt64) -> JSON {
        field.storage == .pointer ? .string(hex(value)) : .int(Int(value))
    }

    /// `validate --json`'s object: where the image is, the sizes, the Type
    /// found, the verdict and the warnings.
    static func validationJSON(_ report: ImageReport) -> JSON {
        // Header.Type is the first field, at offset 0.
        let type = report.decoded.fields.first.flatMap(\.value).map { UInt8(truncatingIfNeeded: $0) }
        return .object(placeJSON(report) + [("type", typeJSON(type))] + verdictJSON(report))
    }

    /// The members every image object starts with: `offset`, `abi`,
    /// `structure` (the WDK name of the structure read), `bytesRead` (not in
    /// a scan match), `structureSize`, and `bytes`, kept for readers of
    /// version 0.1.0: `bytesRead` where there is one, else `structureSize`.
    private static func placeJSON(_ report: ImageReport) -> [(String, JSON)] {
        var members: [(String, JSON)] = [
            ("offset", .unsigned(report.offset)), ("abi", .string(report.abi.name)),
            ("structure", .string(report.decoded.structureName)),
        ]
        if let bytesRead = report.bytesRead { members.append(("bytesRead", .int(bytesRead))) }
        members.append(("structureSize", report.structureSize.map(JSON.int) ?? .null))
        members.append(("bytes", .int(report.bytesRead ?? report.structureSize ?? 0)))
        return members
    }

    /// `valid`, `error` and `warnings`.
    private static func verdictJSON(_ report: ImageReport) -> [(String, JSON)] {
        [
            ("valid", .bool(report.decoded.validation.isSuccess)),
            ("error", errorJSON(report.validation)),
            ("warnings", .array(report.warnings.map(\.json))),
        ]
    }

    /// `Header.Type` as found, valid image or not: `{ "value": 142, "name":
    /// "NDIS_OBJECT_TYPE_..." }` (name null for a type this tool does not
    /// know), or null when not even its byte is there.
    private static func typeJSON(_ byte: UInt8?) -> JSON {
        guard let byte else { return .null }
        let type = NDISObjectType(rawValue: byte)
        return .object([("value", .int(Int(byte))), ("name", type.name.map(JSON.string) ?? .null)])
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
