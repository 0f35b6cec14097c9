import ArgumentParser
import NdisChimney

/// `ndis-chimney decode`: every field of the image, pointers in hex and NULL
/// named; decodes as far as the bytes go even when the image is invalid,
/// then exits 1 with the validation failure on stderr.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print every field of a raw image of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS.",
        discussion: "Exit status and stderr as for validate."
    )

    @Option(name: .long, help: "The layout the image was written with.")
    var abi: ABI

    @OptionGroup var input: ImageInput

    func run() throws {
        let report = input.report(try input.read(), abi: abi)
        try Process.write(
            input.json ? ImageRendering.decodeJSON(report).rendered : ImageRendering.decodeText(report.decoded))
        try input.conclude(report)
    }
}
