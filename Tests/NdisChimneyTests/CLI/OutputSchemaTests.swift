import Foundation
import NdisChimney
import Testing

/// One vocabulary in every command's JSON, published as a JSON Schema
/// (Docs/ndis-chimney-output.schema.json) that the output is checked against.
@Suite("ndis-chimney JSON: one vocabulary, the published schema")
struct OutputSchemaTests {
    /// An x64 structure at 0x1000 of a 256 KiB dump, and an x86 one at 0x3004.
    static let bytes = dump(
        size: 256 << 10, [(0x1000, ImageBuilder.kernel(.x64).bytes), (0x3004, ImageBuilder.kernel(.x86).bytes)])

    /// The other three structures, each with 64-bit and with 32-bit pointers.
    static let others: [UInt8] = {
        let kinds = CharacteristicsKind.allCases.filter { $0 != .clientGeneric }
        let images = kinds.enumerated().flatMap { index, kind in
            [
                (0x1000 * (index + 1), ImageBuilder.kernel(.x64, kind: kind).bytes),
                (0x1000 * (index + 1) + 0x804, ImageBuilder.kernel(.x86, kind: kind).bytes),
            ]
        }
        return dump(size: 64 << 10, images)
    }()

    @Test("bytesRead is what was read, structureSize the structure's Size, in validate, decode and scan")
    func vocabulary() throws {
        for command in ["validate", "decode"] {
            let json = try ToolRun.run(
                [command, "--abi", "x64", "--offset", "0x1000", "--json", "-"], input: Self.bytes
            )
            .json()
            #expect(json["offset"] as? Int == 0x1000, "\(command)")
            #expect(json["bytesRead"] as? Int == 65535, "\(command)")
            #expect(json["structureSize"] as? Int == 56, "\(command)")
            #expect(json["bytes"] as? Int == 65535, "\(command): the deprecated key keeps its 0.1.0 meaning")
            let short = try ToolRun.run([command, "--abi", "x64", "--json", "-"], input: [0x8e, 1]).json()
            #expect(short["bytesRead"] as? Int == 2, "\(command)")
            #expect(short["structureSize"] is NSNull, "\(command)")
        }
        let line = try #require(
            try ToolRun.run(["scan", "--abi", "x64", "--json", "-"], input: Self.bytes).standardOutput
                .split(separator: "\n").first)
        let match = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(match["structureSize"] as? Int == 56)
        #expect(match["bytesRead"] == nil, "a match is judged inside a larger read")
        #expect(match["bytes"] as? Int == 56, "the deprecated key keeps its 0.1.0 meaning")
    }

    /// Every kind of JSON document the tool writes, with its definition.
    static func documents() throws -> [(definition: String, json: String)] {
        var documents: [(String, String)] = []
        var invalid = ImageBuilder.kernel(.x64)
        invalid.revision = 0
        let inputs: [(String, [UInt8])] = [
            ("0x1000", Self.bytes), ("0x1004", Self.bytes), ("0x3004", Self.bytes), ("0", invalid.bytes),
            ("0", []), ("0", Array(ImageBuilder.kernel(.x64).bytes.prefix(20))),
        ]
        for (offset, input) in inputs {
            for abi in ["x86", "x64", "host"] {
                for command in ["validate", "decode"] {
                    let run = try ToolRun.run([command, "--abi", abi, "--offset", offset, "--json", "-"], input: input)
                    documents.append((command, run.standardOutput))
                }
            }
            let auto = try ToolRun.run(["decode", "--abi", "auto", "--offset", offset, "--json", "-"], input: input)
            documents.append(("decodeAuto", auto.standardOutput))
        }
        for (offset, type) in [
            ("0x1000", "auto"), ("0x2804", "auto"), ("0x3000", "provider-tcp"), ("0x3000", "client-tcp"),
        ] {
            for command in ["validate", "decode"] {
                let run = try ToolRun.run(
                    [command, "--abi", "x64", "--type", type, "--offset", offset, "--json", "-"], input: Self.others)
                documents.append((command, run.standardOutput))
            }
        }
        for abi in ["x86", "x64", "auto"] {
            for input in [Self.bytes, Self.others] {
                let run = try ToolRun.run(["scan", "--abi", abi, "--json", "-"], input: input)
                documents += run.standardOutput.split(separator: "\n").map { ("scanMatch", String($0)) }
            }
        }
        documents.append(("layout", try ToolRun.run(["layout", "--json"]).standardOutput))
        return documents
    }

    @Test(
        "Every command's JSON is valid against the schema",
        .enabled(if: OutputSchema.available, "needs python3 with the jsonschema package"))
    func outputMatchesSchema() throws {
        let documents = try Self.documents()
        #expect(
            documents.filter { $0.definition == "scanMatch" }.count == 5 + 15,
            "in the first dump x86 finds 2, x64 1, auto 2; in the other x86 6 (3 of them x64 structures), x64 3, auto 6"
        )
        #expect(documents.contains { $0.json.contains("\"structure\": \"NDIS_DRIVER_OPTIONAL_HANDLERS\"") })
        #expect(documents.allSatisfy { !$0.json.isEmpty })
        #expect(try OutputSchema.violations(documents) == [])
    }

    @Test(
        "The schema refuses documents the tool must not write",
        .enabled(if: OutputSchema.available, "needs python3 with the jsonschema package"))
    func schemaChecks() throws {
        let decode = try ToolRun.run(["decode", "--abi", "x64", "--json", "-"], input: ImageBuilder.kernel(.x64).bytes)
            .standardOutput
        let broken = [
            decode.replacingOccurrences(of: "\"structureSize\"", with: "\"size\""),
            decode.replacingOccurrences(of: "\"error\": null", with: "\"error\": \"none\""),
            decode.replacingOccurrences(of: "\"valid\": true", with: "\"valid\": false"),
            decode.replacingOccurrences(
                of: "\"value\": \"0xfffff80512345010\"", with: "\"value\": 18446735299476475920"),
            decode.replacingOccurrences(of: "\"abi\": \"x64\"", with: "\"abi\": \"mips\""),
            decode.replacingOccurrences(of: "_GENERIC_CHARACTERISTICS\"", with: "_CHARACTERISTICS\""),
            decode.replacingOccurrences(of: "\"warnings\": []", with: "\"warnings\": [{\"field\": \"Flags\"}]"),
        ]
        let violations = try OutputSchema.violations(broken.map { ("decode", $0) })
        for index in broken.indices {
            #expect(violations.contains { $0.hasPrefix("\(index) decode: ") }, "document \(index)")
        }
    }
}
