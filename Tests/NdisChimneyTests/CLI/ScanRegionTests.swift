import Foundation
import NdisChimney
import Testing

/// `scan --offset` and `--length`: a region of a dump, or of a device, with
/// offsets printed as the input's own.
@Suite("ndis-chimney scan --offset and --length")
struct ScanRegionTests {
    /// Three x64 structures; the middle one straddles 0x3000.
    static let offsets = [0x1000, 0x2ff0, 0x5000]
    static let bytes = dump(size: 0x8000, offsets.map { ($0, ImageBuilder.kernel(.x64).bytes) })

    /// The offsets `scan` printed.
    static func found(_ run: ToolRun) -> [Int] {
        run.standardOutput.split(separator: "\n").compactMap { Int($0.prefix(10).dropFirst(2), radix: 16) }
    }

    @Test("Only structures wholly inside the region are found, at their offsets in the input")
    func region() throws {
        let cases: [(region: [String], found: [Int])] = [
            ([], Self.offsets),
            (["--offset", "0x1000"], Self.offsets),
            (["--offset", "0x1001"], [0x2ff0, 0x5000]),  // from an unaligned start
            (["--offset", "0x2000", "--length", "0x4000"], [0x2ff0, 0x5000]),
            (["--offset", "0x2000", "--length", "0x1027"], []),  // one byte short of 0x2ff0's end
            (["--offset", "0x2000", "--length", "0x1028"], [0x2ff0]),
            (["--length", "0"], []),
            (["--offset", "0x8000"], []),  // the end of the input: an empty region
        ]
        try ToolRun.withTemporaryFile(Self.bytes) { path in
            for (file, input) in [(path, [UInt8]()), ("-", Self.bytes)] {
                for (region, expected) in cases {
                    let run = try ToolRun.run(["scan", "--abi", "x64"] + region + [file], input: input)
                    #expect(run.status == 0, "\(region) \(file): \(run.standardError)")
                    #expect(Self.found(run) == expected, "\(region) \(file)")
                }
            }
        }
    }

    @Test("--json lines carry the input's offsets too")
    func jsonOffsets() throws {
        let run = try ToolRun.run(
            ["scan", "--abi", "x64", "--json", "--offset", "4096", "--length", "8192", "-"], input: Self.bytes)
        let offsets = run.standardOutput.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["offset"] as? Int
        }
        #expect(offsets == [0x1000])
    }

    @Test("A region past the end of a file is an I/O error; a region longer than the input ends with it")
    func pastTheEnd() throws {
        try ToolRun.withTemporaryFile(Self.bytes) { path in
            let past = try ToolRun.run(["scan", "--abi", "x64", "--offset", "0x8001", path])
            #expect(past.status == 2)
            #expect(past.standardError.hasSuffix(": offset 32769 is past its end (32768 bytes)\n"))
            let long = try ToolRun.run(["scan", "--abi", "x64", "--offset", "0x4000", "--length", "0x100000", path])
            #expect(long.status == 0)
            #expect(Self.found(long) == [0x5000])
        }
    }

    @Test("A character device needs --length; with it, the scan ends")
    func devices() throws {
        let unbounded = try ToolRun.run(["scan", "--abi", "x64", "/dev/zero"])
        #expect(unbounded.status == 2)
        #expect(
            unbounded.standardError
                == "ndis-chimney: /dev/zero is a character device, which may never end: give --length, the bytes to search\n"
        )
        let started = Date()
        let bounded = try ToolRun.run([
            "scan", "--abi", "x64", "--offset", "0x100000000", "--length", "64M", "/dev/zero",
        ])
        #expect(bounded.status == 2, "64M is not a number")
        let region = try ToolRun.run(
            ["scan", "--abi", "x64", "--offset", "0x100000000", "--length", "0x4000000", "/dev/zero"])
        #expect(region.status == 0)
        #expect(region.standardOutput.isEmpty)
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
