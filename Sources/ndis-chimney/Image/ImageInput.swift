import ArgumentParser
import NdisChimney

/// The arguments `validate` and `decode` share (each takes its own `--abi`):
/// which structure, where it starts, the output form, how warnings count, and
/// the input.
struct ImageInput: ParsableArguments {
    @Option(
        name: .long,
        help: "The structure: client-generic, provider-generic, client-tcp, provider-tcp, or auto (by Header.Type).")
    var type = KindSelection.auto

    @Option(name: .long, help: "Where the structure starts in the input: bytes, in decimal or in hex with 0x.")
    var offset = ByteOffset(0)

    @Flag(name: .long, help: "Machine-readable JSON (a stable shape; pointers as hex strings).")
    var json = false

    @Flag(
        name: .long,
        help: "Count plausibility warnings (alignment, canonical addresses, the other pointer width) as errors: exit 1."
    )
    var strict = false

    @Argument(help: "The raw image or dump (little-endian): a file, a device, or - for standard input.")
    var file: String

    /// The most bytes a structure can claim: `Header.Size` is a USHORT.
    static let maximumClaim = Int(UInt16.max)

    /// The bytes from `offset` that a structure there can claim (at most
    /// 65,535, fewer where the input ends). Nothing past them is read.
    func read() throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.maximumClaim, alignment: 1)
        defer { buffer.deallocate() }
        let input = try InputFile(InputName(argument: file))
        try input.skip(to: offset.value, scratch: buffer)
        return try Array(buffer[..<input.fill(buffer)])
    }

    /// Judges the bytes read, laid out for `abi`, as the structure `--type` chose.
    func report(_ bytes: [UInt8], abi: ABI) -> ImageReport {
        bytes.withUnsafeBytes {
            ImageReport(bytes: $0, abi: abi, type: type, offset: offset.value, bytesRead: bytes.count)
        }
    }

    /// Ends a command on its report: an invalid image gets one line on
    /// stderr, `invalid: MESSAGE`, and exit status 1; a valid one gets a line
    /// per warning, `warning: MESSAGE` (`invalid: MESSAGE` and exit status 1
    /// under `--strict`).
    func conclude(_ report: ImageReport) throws(ExitCode) {
        if case .failure(let error) = report.validation {
            Process.printError("invalid: \(error)")
            throw ExitCode(1)
        }
        for warning in report.warnings {
            Process.printError("\(strict ? "invalid" : "warning"): \(warning.message)")
        }
        if strict, !report.warnings.isEmpty { throw ExitCode(1) }
    }

    /// Whether the report ends the command with exit status 0.
    func accepts(_ report: ImageReport) -> Bool {
        guard case .success = report.validation else { return false }
        return !strict || report.warnings.isEmpty
    }
}
