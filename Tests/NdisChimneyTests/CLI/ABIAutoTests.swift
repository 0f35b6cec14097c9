import Foundation
import NdisChimney
import Testing

/// `--abi auto`, and the warnings when a structure read with one pointer
/// width looks like the other's: an x86 scan of an x64 dump must not report
/// decoys as plain matches.
@Suite("ndis-chimney --abi auto and the other pointer width")
struct ABIAutoTests {
    @Test("decode --abi auto names the ABIs an image fits, and why the others do not")
    func decodeAuto() throws {
        let wide = try ToolRun.run(["decode", "--abi", "auto", "-"], input: ImageBuilder.kernel(.x64).bytes)
        #expect(wide.status == 0)
        let lines = wide.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "--abi auto: the bytes fit x64, arm64")
        #expect(lines[1].hasPrefix("  x86: does not fit: TerminateOffloadCompleteHandler is 0xfffff805, "))
        #expect(lines[2] == "  x64: fits")
        #expect(lines[3] == "  arm64: fits")
        #expect(lines[4].hasPrefix("  arm: does not fit: "))
        #expect(lines.contains { $0.hasPrefix("NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS  [x64 ") })
        #expect(!lines.contains { $0.contains("[arm64 ") }, "one table per layout")
        #expect(lines.contains { $0.hasSuffix("InitiateOffloadCompleteHandler   : 0xfffff80512345010") })

        let narrow = try ToolRun.run(
            ["decode", "--abi", "auto", "--json", "-"], input: ImageBuilder.kernel(.x86).bytes)
        #expect(narrow.status == 0)
        let json = try narrow.json()
        #expect(json["abi"] as? String == "auto")
        #expect(json["fits"] as? [String] == ["x86", "arm"])
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.map { $0["abi"] as? String } == ["x86", "x64", "arm64", "arm"])
        #expect((candidates[1]["error"] as? [String: Any])?["field"] as? String == "Header.Size")
    }

    @Test("decode --abi auto of bytes no ABI fits: exit 1, one line on stderr")
    func decodeAutoNone() throws {
        var builder = ImageBuilder.kernel(.x64)
        builder.revision = 0
        let run = try ToolRun.run(["decode", "--abi", "auto", "-"], input: builder.bytes)
        #expect(run.status == 1)
        #expect(run.standardOutput.hasPrefix("--abi auto: the bytes fit no Windows ABI\n"))
        #expect(run.standardError == "invalid: the bytes fit no Windows ABI (x86, x64, arm64, arm)\n")
    }

    @Test("decode --abi x86 of an x64 structure warns that it looks 64-bit; --strict refuses it")
    func x86ReadingOfX64() throws {
        let bytes = ImageBuilder.kernel(.x64).bytes
        let run = try ToolRun.run(["decode", "--abi", "x86", "--json", "-"], input: bytes)
        #expect(run.status == 0)
        let json = try run.json()
        // Bytes 8..<32: the x64 entry points 0 and 1 (kernel addresses), and 2 (NULL).
        #expect(warningRules(json) == ["split-64-bit-address", "split-64-bit-address", "fits-64-bit-layout"])
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(warnings.first?["field"] as? String == "TerminateOffloadCompleteHandler")
        #expect(warnings.first?["value"] as? String == "0xfffff805")
        #expect(warnings.last?["field"] as? String == "Header.Size")
        #expect(warnings.last?["value"] as? Int == 56)
        #expect(try ToolRun.run(["validate", "--abi", "x86", "--strict", "-"], input: bytes).status == 1)
    }

    @Test("An x64 reading whose entry points all lie below 4 GiB looks 32-bit")
    func x64ReadingOfX86() throws {
        // An x86 structure of a later revision (Size 56) whose odd entry
        // points are NULL: read as x64, its addresses are x86 ones.
        var builder = ImageBuilder(abi: .x86)
        builder.addresses = [0x8123_4010, 0, 0x8123_4030, 0, 0x8123_4050, 0]
        builder.size = 56
        let json = try ToolRun.run(["validate", "--abi", "x64", "--json", "-"], input: builder.bytes).json()
        #expect(json["valid"] as? Bool == true)
        #expect(warningRules(json) == ["addresses-below-4-gib"])
        #expect((json["warnings"] as? [[String: Any]])?.first?["value"] as? String == "0x81234010")
    }

    /// A dump with an x64 structure, an x86 one, and an x64 one with a
    /// misaligned twin reading, each in its own place.
    static let mixed: (bytes: [UInt8], x64: [Int], x86: [Int]) = {
        let x64 = [0x1000, 0x3000]
        let x86 = [0x2004]
        let images =
            x64.map { ($0, ImageBuilder.kernel(.x64).bytes) } + x86.map { ($0, ImageBuilder.kernel(.x86).bytes) }
        return (dump(size: 0x4000, images), x64, x86)
    }()

    @Test("scan --abi auto reports each structure once, with the width it fits, and says how many of each")
    func scanAuto() throws {
        let (bytes, x64, x86) = Self.mixed
        let run = try ToolRun.run(["scan", "--abi", "auto", "-"], input: bytes)
        #expect(run.status == 0)
        let found = run.standardOutput.split(separator: "\n").map {
            $0.split(separator: " ").prefix(2).joined(separator: " ")
        }
        #expect(found == ["0x00001000 x64", "0x00002004 x86", "0x00003000 x64"])
        #expect(run.standardOutput.contains("0x00001000 x64 client-generic 0xfffff80512345010 0xfffff80512345020 NULL"))
        #expect(
            run.standardError
                == "scan --abi auto: 3 found, 2 with 64-bit pointers (x64, arm64), 1 with 32-bit pointers (x86, arm)\n")
        let lines = try ToolRun.run(["scan", "--abi", "auto", "--json", "-"], input: bytes).standardOutput
            .split(separator: "\n")
            .map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.map { $0["abi"] as? String } == ["x64", "x86", "x64"])
        #expect(lines.map { $0["offset"] as? Int } == [x64[0], x86[0], x64[1]])
        #expect(lines.allSatisfy { warningRules($0).isEmpty })
    }

    @Test("scan --abi x86 of an x64 dump: each decoy with its warnings on stderr, and a closing count")
    func x86ScanOfX64Dump() throws {
        let (bytes, x64, x86) = Self.mixed
        let run = try ToolRun.run(["scan", "--abi", "x86", "-"], input: bytes)
        #expect(run.status == 0)
        #expect(run.standardOutput.split(separator: "\n").count == x64.count + x86.count)
        let warnings = run.standardError.split(separator: "\n")
        for offset in x64 {
            let prefix = "warning: \(hex(offset, digits: 8)): "
            #expect(warnings.filter { $0.hasPrefix(prefix) }.count == 3, "\(offset)")
        }
        #expect(!warnings.contains { $0.hasPrefix("warning: \(hex(x86[0], digits: 8))") }, "the x86 structure is fine")
        let closing = "scan: of 3 found, 2 look like the other pointer width's (warnings above); "
        #expect(warnings.last.map(String.init) == closing + "--abi auto searches with both widths")
        let json = try ToolRun.run(["scan", "--abi", "x86", "--json", "-"], input: bytes).standardOutput
        #expect(json.split(separator: "\n").filter { $0.contains("\"split-64-bit-address\"") }.count == x64.count)
    }
}
