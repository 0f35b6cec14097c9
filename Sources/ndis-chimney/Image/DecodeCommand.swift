import ArgumentParser
import NdisChimney

/// `ndis-chimney decode`: every field of the image, pointers in hex and NULL
/// named; decodes as far as the bytes go even when the image is invalid,
/// then exits 1 with the validation failure on stderr.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print every field of a raw image of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS."
    )

    @OptionGroup var input: ImageInput

    func run() throws {
        let bytes = try input.read()
        let decoded = bytes.withUnsafeBytes { DecodedImage(bytes: $0, abi: input.abi) }
        try Process.write(
            input.json ? ImageRendering.decodeJSON(decoded).rendered : ImageRendering.decodeText(decoded))
        if case .failure(let error) = decoded.validation {
            reportInvalid(error)
            throw ExitCode(1)
        }
    }
}
