import Foundation
import NdisChimney
import Testing

@Suite("ndis-chimney, the built binary")
struct ToolTests {
    @Test("validate: exit 0 for a valid image on each ABI, from a file and from standard input", arguments: ABI.all)
    func validateGood(abi: ABI) throws {
        let image = ImageBuilder.kernel(abi).bytes
        let fromFile = try ToolRun.withTemporaryFile(image) { try ToolRun.run(["validate", "--abi", abi.name, $0]) }
        #expect(fromFile.status == 0)
        #expect(fromFile.standardError.isEmpty)
        let fromStdin = try ToolRun.run(["validate", "--abi", abi.name, "-"], input: image)
        #expect(fromStdin.status == 0)
        #expect(
            fromStdin.standardOutput.hasPrefix(
                "valid: NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, revision 1, size \(image.count)"))
    }

    @Test(
        "validate --type: exit 1 with one line naming field, value and expectation, for every structure",
        arguments: ABI.windows)
    func validateBad(abi: ABI) throws {
        for kind in CharacteristicsKind.allCases {
            for row in ImageCase.all(for: abi, kind: kind) {
                guard case .failure(let error) = row.expected else { continue }
                let run = try ToolRun.run(
                    ["validate", "--abi", abi.name, "--type", kind.argument, "-"], input: row.bytes)
                #expect(run.status == 1, "\(row.testDescription)")
                #expect(run.standardError == "invalid: \(error)\n", "\(row.testDescription)")
            }
        }
    }

    @Test("validate --json reports the field and the status")
    func validateJSON() throws {
        var builder = ImageBuilder(abi: .x64)
        builder.revision = 0
        let run = try ToolRun.run(["validate", "--abi", "x64", "--json", "-"], input: builder.bytes)
        #expect(run.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["field"] as? String == "Header.Revision")
        #expect(error["status"] as? String == "NDIS_STATUS_INVALID_PARAMETER (0xc000000d)")
    }

    @Test("Usage and I/O errors exit 2")
    func usageErrors() throws {
        #expect(try ToolRun.run(["validate", "--abi", "mips", "-"]).status == 2)
        #expect(try ToolRun.run(["validate", "--abi", "all", "-"]).status == 2)
        #expect(try ToolRun.run(["validate", "-"]).status == 2)
        let missing = try ToolRun.run(["decode", "--abi", "x86", "/nonexistent/image.bin"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot read /nonexistent/image.bin"))
        #expect(try ToolRun.run(["layout", "--json", "--markdown"]).status == 2)
        #expect(try ToolRun.run(["--help"]).status == 0)
    }

    @Test("decode prints every field, pointers in hex as wide as the ABI's, NULL named")
    func decode() throws {
        var builder = ImageBuilder(abi: .x86)
        builder.addresses[5] = 0
        let run = try ToolRun.run(["decode", "--abi", "x86", "-"], input: builder.bytes)
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 11)
        #expect(lines.contains { $0.hasPrefix("   +0x000 Header.Type") && $0.hasSuffix("(0x8e)") })
        #expect(
            lines.contains { $0.hasPrefix("   +0x008 InitiateOffloadCompleteHandler") && $0.hasSuffix(": 0x11111111") })
        #expect(lines.contains { $0.hasPrefix("   +0x01c IndicateOffloadEventHandler") && $0.hasSuffix(": NULL") })
    }

    @Test("decode of a broken image shows what the bytes hold, then exits 1")
    func decodeBroken() throws {
        let image = Array(ImageBuilder(abi: .x64).bytes.prefix(20))
        let run = try ToolRun.run(["decode", "--abi", "x64", "--json", "-"], input: image)
        #expect(run.status == 1)
        #expect(run.standardError == "invalid: Header.Size is 56, expected at most 20 (the bytes available)\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let fields = try #require(json["fields"] as? [[String: Any]])
        #expect(fields.count == 10)
        let initiate = try #require(fields.first { $0["name"] as? String == "InitiateOffloadCompleteHandler" })
        #expect(initiate["text"] as? String == "0x1111111111111111", "bytes 8..<16 are there")
        let terminate = try #require(fields.first { $0["name"] as? String == "TerminateOffloadCompleteHandler" })
        #expect(terminate["text"] as? String == "(beyond the image)", "bytes 16..<24 are not")
        #expect(terminate["value"] is NSNull)
        #expect(fields.first { $0["name"] as? String == "Flags" }?["value"] as? Int == 0)
    }

    @Test("layout --json has the documented shape and the facts' sizes")
    func layoutJSON() throws {
        let run = try ToolRun.run(["layout", "--abi", "x86", "--abi", "x64", "--json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        let abis = try #require(json["abis"] as? [[String: Any]])
        #expect(abis.map { $0["name"] as? String } == ["x86", "x64"])
        for (abi, expected) in zip(abis, [32, 56]) {
            let structures = try #require(abi["structures"] as? [[String: Any]])
            let chars = try #require(structures.first { ($0["name"] as? String)?.hasPrefix("NDIS_CLIENT") == true })
            #expect(chars["size"] as? Int == expected)
            #expect(chars["revision1Size"] as? Int == expected)
            #expect((chars["fields"] as? [[String: Any]])?.count == 8)
        }
    }
}
