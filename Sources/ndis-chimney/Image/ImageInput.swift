import ArgumentParser
import NdisChimney

/// The arguments `validate` and `decode` share: the ABI, where the structure
/// starts, and the input.
struct ImageInput: ParsableArguments {
    @Option(name: .long, help: "The layout the image was written with.")
    var abi: ABI

    @Option(name: .long, help: "Where the structure starts in the input: bytes, in decimal or in hex with 0x.")
    var offset = ByteOffset(0)

    @Flag(name: .long, help: "Machine-readable JSON (a stable shape; pointers as hex strings).")
    var json = false

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
}

/// Prints a validation failure as the one line on stderr the tool promises.
func reportInvalid(_ error: CharacteristicsError) {
    Process.printError("invalid: \(error)")
}
