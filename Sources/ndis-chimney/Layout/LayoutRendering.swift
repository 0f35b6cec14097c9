import NdisChimney

/// The three renderings of `ndis-chimney layout`.
enum LayoutRendering {
    typealias Layouts = [(abi: ABI, structures: [StructureLayout])]

    /// Debugger style: `+0x008 InitiateOffloadCompleteHandler : INITIATE_... (8)`.
    static func text(_ layouts: Layouts) -> String {
        var out = ""
        for (abi, structures) in layouts {
            for layout in structures {
                let width = layout.fields.map(\.name.count).max() ?? 0
                out += "\(layout.name)  [\(abi)]\n"
                for field in layout.fields {
                    let name = field.name.padding(to: width)
                    out += "   +\(hex3(field.offset)) \(name) : \(field.typeName), \(bytes(field.size))\n"
                    if field.paddingAfter > 0 {
                        out += "   +\(hex3(field.offset + field.size)) \("(padding)".padding(to: width)) : "
                        out += "\(bytes(field.paddingAfter))\n"
                    }
                }
                out += "   size \(hex3(layout.size)) (\(layout.size)), alignment \(layout.alignment)"
                if let revision1 = layout.revision1Size {
                    out += ", revision 1 size \(hex3(revision1)) (\(revision1))"
                }
                out += "\n\n"
            }
        }
        return out
    }

    /// The document shape checked into Docs/Layout.md.
    static func markdown(_ layouts: Layouts) -> String {
        var out = ""
        for (abi, structures) in layouts {
            out += "## \(abi.name): `\(abi.target)`, \(abi.pointerSize * 8)-bit pointers\n\n"
            for layout in structures {
                out += "### \(layout.name)\n\n"
                out += "| offset | field | type | size |\n|---:|---|---|---:|\n"
                for field in layout.fields {
                    out += "| \(hex3(field.offset)) (\(field.offset)) | `\(field.name)` | "
                    out += "`\(field.typeName)` | \(field.size) |\n"
                    if field.paddingAfter > 0 {
                        out += "| \(hex3(field.offset + field.size)) (\(field.offset + field.size)) "
                        out += "| *(padding)* | | \(field.paddingAfter) |\n"
                    }
                }
                out += "\nSize \(layout.size) (\(hex3(layout.size))), alignment \(layout.alignment)"
                if let revision1 = layout.revision1Size {
                    out += ", revision-1 size \(revision1) (\(hex3(revision1)))"
                }
                out += ".\n\n"
            }
        }
        return out
    }

    /// The stable machine-readable shape documented in Docs/Layout.md.
    static func json(_ layouts: Layouts) -> JSON {
        .object([
            ("format", .int(1)),
            (
                "abis",
                .array(
                    layouts.map { abi, structures in
                        .object([
                            ("name", .string(abi.name)),
                            ("target", .string(abi.target)),
                            ("pointerSize", .int(abi.pointerSize)),
                            ("structures", .array(structures.map(json(structure:)))),
                        ])
                    })
            ),
        ])
    }

    private static func json(structure layout: StructureLayout) -> JSON {
        .object([
            ("name", .string(layout.name)),
            ("size", .int(layout.size)),
            ("alignment", .int(layout.alignment)),
            ("revision1Size", layout.revision1Size.map(JSON.int) ?? .null),
            (
                "fields",
                .array(
                    layout.fields.map { field in
                        .object([
                            ("name", .string(field.name)),
                            ("type", .string(field.typeName)),
                            ("offset", .int(field.offset)),
                            ("size", .int(field.size)),
                            ("paddingAfter", .int(field.paddingAfter)),
                        ])
                    })
            ),
        ])
    }

    private static func bytes(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }

    private static func hex3(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
