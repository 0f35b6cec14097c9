import ArgumentParser
import NdisChimney

/// `ndis-chimney layout`: the fields of each structure with offset, size and
/// type, per ABI, like a debugger's `dt`; or the same layouts as JSON,
/// markdown, a Volatility 3 symbol table, or the header's static assertions.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Print the structures' layouts (offset, size and type of every field) per ABI."
    )

    @Option(name: .long, help: "An ABI, or all; repeat for several.")
    var abi: [ABIChoice] = [.all]

    @Option(
        name: .long,
        help:
            "The output format; isf is a Volatility 3 symbol table for one Windows ABI, c-asserts the header's layout assertions."
    )
    var format: LayoutFormat?

    @Flag(name: .long, help: "The same as --format json.")
    var json = false

    @Flag(name: .long, help: "The same as --format markdown.")
    var markdown = false

    /// The format asked for, by `--format` or by one of the older flags.
    private var chosenFormat: LayoutFormat {
        format ?? (json ? .json : markdown ? .markdown : .text)
    }

    private var abis: [ABI] { abi.flatMap(\.abis) }

    func validate() throws {
        if [format != nil, json, markdown].filter({ $0 }).count > 1 {
            throw ValidationError("--format, --json and --markdown exclude each other")
        }
        if chosenFormat == .isf, abis.count != 1 || !ABI.windows.contains(abis[0]) {
            let names = ABI.windows.map(\.name).joined(separator: ", ")
            throw ValidationError("--format isf needs exactly one Windows ABI (--abi \(names))")
        }
        if chosenFormat == .cAsserts, abis != ABI.all {
            throw ValidationError("--format c-asserts covers both pointer widths of the header: give no --abi")
        }
    }

    func run() throws {
        let layouts: LayoutRendering.Layouts = abis.map { abi in
            (abi, StructureDescription.all.map { $0.layout(for: abi) })
        }
        let text =
            switch chosenFormat {
            case .text: LayoutRendering.text(layouts)
            case .json: LayoutRendering.json(layouts).rendered
            case .markdown: LayoutRendering.markdown(layouts)
            case .isf: ISFRendering.isf(layouts[0].structures, enums: EnumDescription.all, abi: layouts[0].abi).rendered
            case .cAsserts: CAssertRendering.asserts()
            }
        try Process.write(text)
    }
}
