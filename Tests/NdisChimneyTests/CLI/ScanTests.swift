import Foundation
import NdisChimney
import Testing

/// Valid images of the four structures and decoys (each breaking one scan
/// rule) planted at random aligned offsets in random data; `scan` must find
/// exactly the valid ones, with their exact entry points.
@Suite("ndis-chimney scan")
struct ScanTests {
    /// A planted structure: where, its bytes, and whether scan must find it.
    struct Plant {
        let name: String
        let offset: Int
        let builder: ImageBuilder
        let expected: Bool
    }

    /// Random entry points, as many as `kind` has: NULL, or a canonical user
    /// or kernel address on 64-bit ABIs, any non-zero value on 32-bit ones.
    /// Their low byte, where an aligned structure inside a planted one would
    /// have its Type, is 0x41: no Type byte, so that no structure the scan
    /// finds (a provider's takes any Revision) hides in a planted one.
    static func entryPoints(_ abi: ABI, _ kind: CharacteristicsKind, _ random: inout SplitMix64) -> [UInt64] {
        (0..<kind.entryPointCount).map { _ in
            let address: UInt64 =
                switch random.next() % 4 {
                case 0: 0
                case _ where abi.pointerSize == 4: random.next() >> 32
                case 1: random.next() >> 17
                default: random.next() | 0xffff_8000_0000_0000
                }
            return address == 0 ? 0 : address & ~0xff | 0x41
        }
    }

    /// The cases for one ABI: valid images of every kind and one decoy per
    /// broken rule.
    static func builders(_ abi: ABI, _ random: inout SplitMix64) -> [(String, ImageBuilder, Bool)] {
        var cases: [(String, ImageBuilder, Bool)] = []
        for kind in CharacteristicsKind.allCases {
            func image(_ change: (inout ImageBuilder) -> Void = { _ in }) -> ImageBuilder {
                var builder = ImageBuilder(abi: abi, kind: kind)
                builder.addresses = entryPoints(abi, kind, &random)
                change(&builder)
                return builder
            }
            cases += (0..<3).map { ("\(kind) valid \($0)", image(), true) }
            cases += [
                (
                    "\(kind) valid, later revision and larger",
                    image {
                        $0.revision = 2; $0.size = $0.minimumSize + 40
                    }, true
                ),
                ("\(kind) valid, all NULL", image { $0.addresses = $0.addresses.map { _ in 0 } }, true),
                ("\(kind) Flags set", image { $0.flags = 1 << UInt32(random.next() % 32) }, false),
                ("\(kind) Revision 0", image { $0.revision = 0 }, !kind.definesRevision1),
                ("\(kind) Size too small", image { $0.size = $0.minimumSize - 1 - Int(random.next() % 8) }, false),
            ]
            if kind.hasOffloadType {
                cases.append(("\(kind) OffloadType 2", image { $0.offloadType = 2 }, false))
            }
            if abi.pointerSize == 8 {
                let index = Int(random.next() % UInt64(kind.entryPointCount))
                cases.append(
                    ("\(kind) non-canonical pointer", image { $0.addresses[index] = 0x0000_8000_0000_0000 }, false))
                cases.append(
                    ("\(kind) non-canonical kernel half", image { $0.addresses[index] = 0xfff7_f805_0000_0000 }, false))
            }
        }
        var other = ImageBuilder(abi: abi)
        other.addresses = entryPoints(abi, .clientGeneric, &random)
        other.type = 0x90
        cases.append(("another Type", other, false))
        return cases
    }

    /// The scan's window (`WindowedScan.windowSize` in the tool).
    static let window = 1 << 20

    /// A random dump of `size` bytes with the cases at random aligned
    /// offsets (one per 1 KiB slot, so none overlap), valid ones at the 1 MiB
    /// window boundary when the dump is that large, a misaligned valid one,
    /// and one whose Size runs past the end of the input.
    static func dump(_ abi: ABI, size: Int, seed: UInt64) -> (bytes: [UInt8], plants: [Plant]) {
        var random = SplitMix64(seed: seed)
        var bytes = random.bytes(size)
        var plants: [Plant] = []
        let cases = builders(abi, &random)
        // ImageBuilder's own entry points (0x1111...) are not canonical on x64.
        func valid() -> ImageBuilder {
            var builder = ImageBuilder(abi: abi)
            builder.addresses = entryPoints(abi, .clientGeneric, &random)
            return builder
        }
        // Slots near 1 MiB are left for the two plants at the window boundary.
        var slots = Array(1..<(size / 1024 - 2)).filter { abs($0 - window / 1024) > 2 }
            .shuffled(using: &random).prefix(cases.count + 1)
        for (name, builder, expected) in cases {
            let offset = slots.removeFirst() * 1024 + Int(random.next() % 900) / abi.pointerSize * abi.pointerSize
            plants.append(Plant(name: name, offset: offset, builder: builder, expected: expected))
        }
        let misaligned = slots.removeFirst() * 1024 + abi.pointerSize / 2
        plants.append(Plant(name: "misaligned", offset: misaligned, builder: valid(), expected: false))
        if size > window {
            // One starts before the boundary and ends after it; one starts in
            // the overlap the next window searches again, and is found once.
            for (name, offset) in [("across windows", window - 16), ("in the overlap", window + 64)] {
                plants.append(Plant(name: name, offset: offset, builder: valid(), expected: true))
            }
        }
        var pastEnd = valid()
        pastEnd.size = pastEnd.minimumSize + 8
        pastEnd.byteCount = pastEnd.minimumSize
        plants.append(
            Plant(name: "Size past the end", offset: size - pastEnd.minimumSize, builder: pastEnd, expected: false))
        for plant in plants {
            let image = plant.builder.bytes
            bytes.replaceSubrange(plant.offset..<plant.offset + image.count, with: image)
        }
        return (bytes, plants)
    }

    /// The text line scan prints for a plant: offset, the structure (when
    /// every kind is searched), then the entry points.
    static func line(_ plant: Plant, abi: ABI, kind: Bool = true) -> String {
        let offset = String(plant.offset, radix: 16)
        let entryPoints = plant.builder.addresses.map { address in
            guard address != 0 else { return "NULL" }
            let digits = String(address, radix: 16)
            return "0x" + String(repeating: "0", count: abi.pointerSize * 2 - digits.count) + digits
        }
        let structure = kind ? [plant.builder.kind.argument] : []
        return (["0x" + String(repeating: "0", count: max(0, 8 - offset.count)) + offset] + structure + entryPoints)
            .joined(separator: " ")
    }

    @Test("finds exactly the valid structures, from a file and from stdin", arguments: [ABI.x86, .x64])
    func findsExactlyTheValidOnes(abi: ABI) throws {
        let seed = UInt64(abi.pointerSize) * 0x5ca7
        let (bytes, plants) = Self.dump(abi, size: (3 << 20) + 4096, seed: seed)
        let expected = plants.filter(\.expected).sorted { $0.offset < $1.offset }
        let expectedText = expected.map { Self.line($0, abi: abi) + "\n" }.joined()
        try ToolRun.withTemporaryFile(bytes) { path in
            for (file, input) in [(path, [UInt8]()), ("-", bytes)] {
                let run = try ToolRun.run(["scan", "--abi", abi.name, file], input: input)
                #expect(run.status == 0)
                #expect(run.standardError.isEmpty, "no progress line when stderr is not a terminal")
                #expect(run.standardOutput == expectedText, "seed \(seed), from \(file)")
            }
        }
    }

    @Test("--json: one decode object per line, plus the offset, with exact entry points", arguments: [ABI.x86, .x64])
    func jsonLines(abi: ABI) throws {
        let (bytes, plants) = Self.dump(abi, size: 256 << 10, seed: 42 + UInt64(abi.pointerSize))
        let expected = plants.filter(\.expected).sorted { $0.offset < $1.offset }
        let run = try ToolRun.run(["scan", "--abi", abi.name, "--json", "-"], input: bytes)
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == expected.count)
        for (line, plant) in zip(lines, expected) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["offset"] as? Int == plant.offset, "\(plant.name)")
            #expect(object["valid"] as? Bool == true)
            #expect(object["structure"] as? String == plant.builder.kind.description)
            #expect(object["bytes"] as? Int == plant.builder.size ?? plant.builder.minimumSize, "its own Size")
            let fields = try #require(object["fields"] as? [[String: Any]])
            let handlers = fields.filter { ($0["name"] as? String)?.hasSuffix("Handler") == true }
            #expect(
                handlers.map { $0["value"] as? String } == plant.builder.addresses.map { "0x" + String($0, radix: 16) })
        }
    }

    @Test("--type: one structure only, its Type's; the text names no structure then", arguments: [ABI.x86, .x64])
    func oneType(abi: ABI) throws {
        let (bytes, plants) = Self.dump(abi, size: 256 << 10, seed: 7 + UInt64(abi.pointerSize))
        for kind in CharacteristicsKind.allCases {
            let expected = plants.filter { $0.expected && $0.builder.kind == kind }.sorted { $0.offset < $1.offset }
            let run = try ToolRun.run(["scan", "--abi", abi.name, "--type", kind.argument, "-"], input: bytes)
            #expect(run.status == 0)
            #expect(!expected.isEmpty)
            #expect(
                run.standardOutput == expected.map { Self.line($0, abi: abi, kind: false) + "\n" }.joined(), "\(kind)")
        }
        #expect(try ToolRun.run(["scan", "--abi", abi.name, "--type", "tcp", "-"]).status == 2)
    }

    @Test("an empty input, and one shorter than a structure, hold nothing; a missing file exits 2")
    func edges() throws {
        #expect(try ToolRun.run(["scan", "--abi", "x64", "-"]).standardOutput.isEmpty)
        #expect(try ToolRun.run(["scan", "--abi", "x64", "-"], input: [0x8e, 1, 56]).standardOutput.isEmpty)
        let missing = try ToolRun.run(["scan", "--abi", "x64", "/nonexistent/dump.raw"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot read /nonexistent/dump.raw"))
        #expect(try ToolRun.run(["scan", "--abi", "all", "-"]).status == 2)
    }
}

@Suite("ndis-chimney scan on a terminal")
struct ScanProgressTests {
    @Test(
        "A long scan keeps a progress line on a terminal's stderr",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressOnATerminal() throws {
        // script(1) gives the tool a terminal; 1 TiB of /dev/zero takes
        // minutes, so timeout stops the scan after the first redraws, with
        // SIGKILL: the tool inherits the test process's blocked signals,
        // SIGTERM among them.
        let tool = try ToolRun.toolURL().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = [
            "-qc", "timeout -s KILL 1.5 \(tool) scan --abi x64 --length 0x10000000000 /dev/zero", "/dev/null",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.hasPrefix("\rscan: "), "\(text.debugDescription)")
        #expect(text.contains(" MiB of 1048576 MiB ("), "\(text.debugDescription)")
        #expect(text.contains("%), 0 found\u{1B}[K"), "\(text.debugDescription)")
    }
}
