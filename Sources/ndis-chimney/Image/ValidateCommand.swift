import ArgumentParser
import NdisChimney

/// `ndis-chimney validate`: exit 0 when the image is a valid characteristics
/// structure (the one `--type` names, by default the one its `Header.Type`
/// names), 1 with one line on stderr (field, value, expectation) when not;
/// a valid one's plausibility warnings on stderr, errors under `--strict`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check a raw image of a chimney offload characteristics structure (generic or TCP, client or provider).",
        discussion: """
            --type auto (the default) takes the structure Header.Type names: 0x8e client-generic, 0x8f \
            provider-generic, 0x93 client-tcp, 0x94 provider-tcp; any other Type is invalid. A named --type \
            takes the bytes as that structure and reports Header.Type without checking it. Exit status 0 valid, 1 invalid (one line on stderr: invalid: and the field, value and what was \
            expected), 2 a usage or I/O error. A valid image that breaks a plausibility rule (an offset not \
            aligned to the pointer size, a non-canonical 64-bit entry point, bytes that look like the other \
            pointer width's) gets a line per rule on stderr, warning: and the same details; --strict makes \
            them errors (invalid:, exit status 1).
            """
    )

    @Option(name: .long, help: "The layout the image was written with.")
    var abi: ABI

    @OptionGroup var input: ImageInput

    func run() throws {
        let report = input.report(try input.read(), abi: abi)
        if input.json {
            try Process.write(ImageRendering.validationJSON(report).rendered)
        } else if input.accepts(report), case .success(let characteristics) = report.validation {
            try Process.write(
                "valid: \(characteristics.kind), revision \(characteristics.revision), size \(characteristics.size), "
                    + "type \(characteristics.type), \(abi)\n")
        }
        try input.conclude(report)
    }
}
