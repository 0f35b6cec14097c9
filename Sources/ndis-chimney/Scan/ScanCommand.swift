import ArgumentParser
import NdisChimney

/// `ndis-chimney scan`: every characteristics structure in a raw image (a
/// physical or process memory dump, a crash dump's raw pages), by the rules of
/// `ScanRules`, one line (or one JSON object) per structure found.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find every NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS in a raw memory image.",
        discussion: """
            A match starts at an offset aligned to the ABI's pointer size, has Header.Type 0x8e, passes \
            validation (Revision >= 1, revision-1 size <= Size, Size within the input, Flags 0), and every \
            entry point is NULL or, on 64-bit ABIs, canonical. Text output: the offset and the six entry \
            points in field order. --json: JSON Lines, decode --json's object plus "offset". Exit status 0 \
            when the whole input was searched, found or not.
            """
    )

    @Option(name: .long, help: "The layout the image was written with.")
    var abi: ABI

    @Flag(name: .long, help: "JSON Lines: one object per structure found.")
    var json = false

    @Argument(help: "The raw image (little-endian): a file, a device, or - for standard input.")
    var file: String

    func run() throws {
        let input = try InputFile(InputName(argument: file))
        var progress = ScanProgress(total: input.statedSize)
        var found = 0
        try WindowedScan(rules: ScanRules(abi: abi)).run(
            input,
            found: { offset, bytes, characteristics in
                found += 1
                progress.erase()
                try Process.write(line(offset: offset, bytes: bytes, characteristics: characteristics) + "\n")
            },
            progress: { progress.update(scanned: $0, found: found) })
        progress.erase()
    }

    /// One match as printed: text or a JSON line.
    private func line(offset: UInt64, bytes: UnsafeRawBufferPointer, characteristics: Characteristics) -> String {
        guard json else {
            let entryPoints = characteristics.addresses.map { ImageRendering.pointerText($0, abi: abi) }
            return ([hex(offset, digits: 8)] + entryPoints).joined(separator: " ")
        }
        return ImageRendering.decodeJSON(ImageReport(bytes: bytes, abi: abi, offset: offset, bytesRead: nil)).compact
    }
}
