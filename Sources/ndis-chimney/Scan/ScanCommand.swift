import ArgumentParser
import NdisChimney

/// `ndis-chimney scan`: every characteristics structure (of the four, or of
/// the one `--type` names) in a raw image (a physical or process memory
/// dump, a crash dump's raw pages), or in a region of one, by the rules of
/// `ScanRules`, one line (or one JSON object) per structure found.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find every chimney offload characteristics structure in a raw memory image.",
        discussion: """
            A match starts at an offset aligned to the ABI's pointer size, has the Header.Type of its structure \
            (0x8e client-generic, 0x8f provider-generic, 0x93 client-tcp, 0x94 provider-tcp; --type picks one, \
            auto all four), passes validation as that structure (for a client one Revision >= 1; its least size \
            <= Size, Size within the region, Flags 0; for TCP OffloadType 1), and every entry point is NULL or, \
            on 64-bit ABIs, canonical. Text output: the file offset, with --abi auto the ABI, with --type auto \
            the structure, then its entry points (six or five) in field order. --json: JSON Lines, decode \
            --json's object per match. A match that looks like the other pointer width's gets warning: lines \
            on stderr. --offset and --length choose a region; offsets printed are the input's own. A character \
            device (/dev/mem, /dev/zero) needs --length. Exit status 0 when the whole region was searched, \
            found or not.
            """
    )

    @Option(
        name: .long,
        help: "The layout the image was written with, or auto: search with 32- and 64-bit layouts at once.")
    var abi: ABISelection

    @Option(name: .long, help: "Where the region to search starts: bytes, in decimal or in hex with 0x.")
    var offset = ByteOffset(0)

    @Option(name: .long, help: "How many bytes to search (default: to the end of the input).")
    var length: ByteOffset?

    @Option(
        name: .long,
        help: "The structure to find: client-generic, provider-generic, client-tcp, provider-tcp, or auto (all four).")
    var type = KindSelection.auto

    @Flag(name: .long, help: "JSON Lines: one object per structure found.")
    var json = false

    @Argument(help: "The raw image (little-endian): a file, a device, or - for standard input.")
    var file: String

    /// The ABIs searched: the one named, or one of each pointer width (x86
    /// and ARM share a layout, as x64 and ARM64 do).
    private var abis: [ABI] {
        switch abi {
        case .one(let abi): [abi]
        case .auto: [.x86, .x64]
        }
    }

    func run() throws {
        let name = try InputName(argument: file)
        let input = try InputFile(name)
        if length == nil, !name.isStandardInput, input.isCharacterDevice {
            throw UsageFailure(
                "\(name.display) is a character device, which may never end: give --length, the bytes to search")
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: WindowedScan.windowSize, alignment: 1)
        defer { scratch.deallocate() }
        try input.skip(to: offset.value, scratch: scratch)
        // No region runs past the largest file offset, so every offset
        // printed is one a file can have.
        let length = min(length?.value ?? .max, InputFile.largestOffset - offset.value)
        var progress = ScanProgress(
            total: self.length.map(\.value) ?? input.statedSize.map { $0 - offset.value })
        var report = ScanReport(json: json, auto: abis.count > 1, kinds: type == .auto)
        let rules = abis.flatMap { abi in type.kinds.map { ScanRules(abi: abi, kind: $0) } }
        try WindowedScan(rules: rules).run(
            input, start: offset.value, length: length,
            found: { matches in
                progress.erase()
                try report.record(matches)
            },
            progress: { progress.update(scanned: $0, found: report.count) })
        progress.erase()
        report.finish()
    }
}
