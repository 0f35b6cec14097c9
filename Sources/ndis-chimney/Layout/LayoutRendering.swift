import NdisChimney

/// The three renderings of `ndis-chimney layout`.
enum LayoutRendering {
    typealias Layouts = [(abi: ABI, structures: [StructureLayout])]

    /// One line of a layout table: a field, or the padding after one.
    private struct Row {
        let offset: Int
        let name: String?  // nil for padding
        let typeName: String
        let size: Int
    }

    /// The fields of `layout` in order, each followed by its padding, if any.
    private static func rows(of layout: StructureLayout) -> [Row] {
        layout.fields.flatMap { field in
            let row = Row(offset: field.offset, name: field.name, typeName: field.typeName, size: field.size)
            guard field.paddingAfter > 0 else { return [row] }
            return [row, Row(offset: field.offset + field.size, name: nil, typeName: "", size: field.paddingAfter)]
        }
    }

    /// Debugger style: `+0x008 InitiateOffloadCompleteHandler : INITIATE_..., 8 bytes`.
    static func text(_ layouts: Layouts) -> String {
        var out = ""
        for (abi, structures) in layouts {
            for layout in structures {
                let width = layout.fields.map(\.name.count).max() ?? 0
                out += "\(layout.name)  [\(abi)]\n"
                for row in rows(of: layout) {
                    let name = (row.name ?? "(padding)").padding(to: width)
                    let type = row.name == nil ? "" : "\(row.typeName), "
                    out += "   +\(offset(row.offset)) \(name) : \(type)\(bytes(row.size))\n"
                }
                out += "   size \(offset(layout.size)) (\(layout.size)), alignment \(layout.alignment)"
                if let revision1 = layout.revision1Size {
                    out += ", revision 1 size \(offset(revision1)) (\(revision1))"
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
                for row in rows(of: layout) {
                    let cells = row.name.map { "`\($0)` | `\(row.typeName)`" } ?? "*(padding)* |"
                    out += "| \(offset(row.offset)) (\(row.offset)) | \(cells) | \(row.size) |\n"
                }
                out += "\nSize \(layout.size) (\(offset(layout.size))), alignment \(layout.alignment)"
                if let revision1 = layout.revision1Size {
                    out += ", revision-1 size \(revision1) (\(offset(revision1)))"
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

    private static func offset(_ value: Int) -> String { hex(value, digits: 3) }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
