import ArgumentParser
import NdisChimney

/// `ndis-chimney decode`: every field of the image, pointers in hex and NULL
/// named; decodes as far as the bytes go even when the image is invalid,
/// then exits 1 with the validation failure on stderr. With `--abi auto`, the
/// image is judged with every Windows ABI (`AutoDecode`).
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print every field of a raw image of a chimney offload characteristics structure.",
        discussion: """
            --type as for validate; with --type auto and a Header.Type that names no structure, only the header \
            is decoded. Exit status and stderr as for validate. With --abi auto the image is judged with each Windows ABI: \
            an ABI fits when the image is valid with its layout and breaks no plausibility rule; the tool says \
            which fit and why the others do not, decodes with each fitting layout, and exits 1 when none fits \
            (--strict changes nothing there: an ABI with a warning does not fit).
            """
    )

    @Option(
        name: .long,
        help: "The layout the image was written with, or auto: try each Windows ABI and decode with those that fit.")
    var abi: ABISelection

    @OptionGroup var input: ImageInput

    func run() throws {
        let bytes = try input.read()
        guard case .one(let abi) = abi else {
            return try AutoDecode(reports: ABI.windows.map { input.report(bytes, abi: $0) }).run(json: input.json)
        }
        let report = input.report(bytes, abi: abi)
        try Process.write(
            input.json ? ImageRendering.decodeJSON(report).rendered : ImageRendering.decodeText(report.decoded))
        try input.conclude(report)
    }
}
