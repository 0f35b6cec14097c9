import NdisChimney

/// `layout --format c-asserts`: the layout assertions of
/// `Include/ndischimney.h`, written from the one layout description, so that
/// the header's checks, the Swift model and the tool's tables are one list.
///
/// For each pointer width (the x64 layout for 8, the x86 one for 4: the
/// structures differ only in pointer width), every structure of
/// `StructureDescription.all` gets its `sizeof`, every field its offset and
/// size, and a client structure its revision-1 size; every enumeration of
/// `EnumDescription.all` gets its size. `make docs` writes them into the
/// header between its two marker lines and `make docs-check` fails when the
/// header holds anything else; every compiler that includes the header, on
/// every target `make abi-check` compiles for, then checks the description.
enum CAssertRendering {
    /// The pointer widths the header distinguishes, each with the Windows
    /// ABI whose layout stands for it.
    private static let widths: [ABI] = [.x64, .x86]

    /// The assertion block, C89-clean: one assertion per line (the C89 form
    /// of a static assertion names a typedef after its line).
    static func asserts() -> String {
        var out = "/* Written by `ndis-chimney layout --format c-asserts` from the layout description. */\n"
        for enumeration in EnumDescription.all {
            out += "NDIS_CHIMNEY_CHECK_SIZE(\(enumeration.name), \(enumeration.size));\n"
        }
        for (index, abi) in widths.enumerated() {
            out += "\(index == 0 ? "#if" : "#elif") NDIS_CHIMNEY_POINTER_SIZE == \(abi.pointerSize)\n"
            for description in StructureDescription.all {
                out += asserts(for: description, abi: abi)
            }
        }
        return out + "#else\n#  error \"ndischimney.h: Windows has no ABI with this pointer width\"\n#endif\n"
    }

    /// One structure's assertions on one pointer width.
    private static func asserts(for description: StructureDescription, abi: ABI) -> String {
        let layout = description.layout(for: abi)
        var out = "NDIS_CHIMNEY_CHECK_SIZE(\(layout.name), \(layout.size));\n"
        for field in layout.fields {
            out += "NDIS_CHIMNEY_CHECK_FIELD(\(layout.name), \(field.name), \(field.offset), \(field.size));\n"
        }
        if let size = layout.revision1Size, let macro = description.revision1SizeMacro {
            out += "NDIS_CHIMNEY_STATIC_ASSERT(\(macro) == \(size), \"\(macro) is not \(size)\");\n"
        }
        return out
    }
}
