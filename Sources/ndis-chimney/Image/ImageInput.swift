import ArgumentParser
import NdisChimney

/// The arguments `validate` and `decode` share: the ABI and the image file.
struct ImageInput: ParsableArguments {
    @Option(name: .long, help: "The layout the image was written with: x86, x64, arm64, arm or host.")
    var abi: ABIChoice

    @Flag(name: .long, help: "Machine-readable JSON (shape: Docs/Validation.md).")
    var json = false

    @Argument(help: "The raw image (little-endian), or - for standard input.")
    var file: String

    func validate() throws {
        guard abi.abis.count == 1 else { throw ValidationError("--abi needs one ABI, not all") }
    }

    /// Reads the whole image, or prints why it cannot and exits with 2.
    func read() throws -> [UInt8] {
        switch Process.readAll(file) {
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            Process.printError("ndis-chimney: \(failure.message)")
            throw ExitCode(2)
        }
    }
}

/// Prints a validation failure as the one line on stderr the tool promises.
func reportInvalid(_ error: CharacteristicsError) {
    Process.printError("invalid: \(error)")
}
