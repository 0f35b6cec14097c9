import ArgumentParser
import NdisChimney

/// `ndis-chimney validate`: exit 0 when the image is a valid characteristics
/// structure, 1 with one line on stderr (field, value, expectation) when not.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a raw image of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS."
    )

    @OptionGroup var input: ImageInput

    func run() throws {
        let abi = input.abi
        let bytes = try input.read()
        let result = bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: abi) }
        if input.json {
            try Process.write(ImageRendering.validationJSON(result, abi: abi, bytes: bytes).rendered)
        } else if case .success(let characteristics) = result {
            try Process.write(
                "valid: revision \(characteristics.revision), size \(characteristics.size), "
                    + "type \(characteristics.type), \(abi)\n")
        }
        if case .failure(let error) = result {
            reportInvalid(error)
            throw ExitCode(1)
        }
    }
}
