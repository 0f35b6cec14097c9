import ArgumentParser
import NdisChimney

/// `ndis-chimney layout`: the fields of each structure with offset, size and
/// type, per ABI, like a debugger's `dt`.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Print the structures' layouts (offset, size and type of every field) per ABI."
    )

    @Option(name: .long, help: "x86, x64, arm64, arm, host or all; repeat for several.")
    var abi: [ABIChoice] = [.all]

    @Flag(name: .long, help: "Machine-readable JSON (shape: Docs/Layout.md).")
    var json = false

    @Flag(name: .long, help: "Markdown tables, as in Docs/Layout.md.")
    var markdown = false

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --markdown exclude each other") }
    }

    func run() {
        let layouts = abi.flatMap(\.abis).map { abi in
            (abi, StructureDescription.all.map { $0.layout(for: abi) })
        }
        if json {
            print(LayoutRendering.json(layouts).rendered, terminator: "")
        } else if markdown {
            print(LayoutRendering.markdown(layouts), terminator: "")
        } else {
            print(LayoutRendering.text(layouts), terminator: "")
        }
    }
}
