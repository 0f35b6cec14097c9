import Foundation
import NdisChimney
import Testing

/// `--type` of validate and decode: by Header.Type (auto, the default) or a
/// structure named; every kind's text, JSON and plausibility warnings.
@Suite("ndis-chimney validate and decode --type: the four structures")
struct KindOptionTests {
    /// Each kind's structure, the name of its Type macro and its sizes.
    static let facts: [(CharacteristicsKind, type: String, x64: Int, x86: Int)] = [
        (.clientGeneric, "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (0x8e)", 56, 32),
        (.providerGeneric, "NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (0x8f)", 48, 28),
        (.clientTCP, "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS (0x93)", 64, 36),
        (.providerTCP, "NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS (0x94)", 56, 32),
    ]

    @Test("By Header.Type: each structure validated as itself, with its size and revision")
    func byType() throws {
        for (kind, type, x64, x86) in Self.facts {
            for (abi, size) in [(ABI.x64, x64), (.x86, x86)] {
                let image = ImageBuilder.kernel(abi, kind: kind)
                let run = try ToolRun.run(["validate", "--abi", abi.name, "-"], input: image.bytes)
                #expect(run.status == 0 && run.standardError.isEmpty, "\(kind) \(abi.name): \(run.standardError)")
                #expect(
                    run.standardOutput
                        == "valid: \(kind), revision \(image.revision), size \(size), type \(type), \(abi)\n")
            }
        }
    }

    @Test("A named structure reads the bytes as it, and reports the Type found without checking it")
    func named() throws {
        let image = ImageBuilder.kernel(.x64).bytes
        let run = try ToolRun.run(["validate", "--abi", "x64", "--type", "provider-generic", "-"], input: image)
        #expect(run.status == 0)
        #expect(
            run.standardOutput
                == "valid: NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, revision 1, size 56, type "
                + "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (0x8e), x64 (x86_64-pc-windows-msvc)\n"
        )
        let tcp = try ToolRun.run(["validate", "--abi", "x64", "--type", "client-tcp", "-"], input: image)
        #expect(tcp.status == 1)
        #expect(
            tcp.standardError == "invalid: Header.Size is 56, expected at least 64 "
                + "(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 on x64)\n")
    }

    @Test("By Header.Type, a Type that names none: NOT_SUPPORTED; decode shows the header alone")
    func unknownType() throws {
        var image = ImageBuilder.kernel(.x64)
        image.type = 0x80
        let validate = try ToolRun.run(["validate", "--abi", "x64", "-"], input: image.bytes)
        #expect(validate.status == 1)
        #expect(
            validate.standardError == "invalid: Header.Type is 0x80, expected 0x8e, 0x8f, 0x93 or 0x94 "
                + "(a chimney offload characteristics structure)\n")
        let decode = try ToolRun.run(["decode", "--abi", "x64", "-"], input: image.bytes)
        #expect(decode.status == 1)
        let lines = decode.standardOutput.split(separator: "\n")
        #expect(lines.first == "NDIS_DRIVER_OPTIONAL_HANDLERS  [x64 (x86_64-pc-windows-msvc)], 56 bytes")
        #expect(lines.count == 4, "Header.Type, Header.Revision, Header.Size")
        let json = try ToolRun.run(["decode", "--abi", "x64", "--json", "-"], input: image.bytes).json()
        #expect(json["structure"] as? String == "NDIS_DRIVER_OPTIONAL_HANDLERS")
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["status"] as? String == "NDIS_STATUS_NOT_SUPPORTED (0xc00000bb)")
        #expect(error["field"] as? String == "Header.Type")
    }

    @Test("decode of a TCP structure: OffloadType by name, its six or five entry points")
    func decodeTCP() throws {
        let client = try ToolRun.run(
            ["decode", "--abi", "x86", "-"], input: ImageBuilder(abi: .x86, kind: .clientTCP).bytes)
        #expect(client.status == 0)
        let lines = client.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS  [x86 (i686-pc-windows-msvc)], 36 bytes")
        #expect(lines.contains { $0.hasPrefix("   +0x008 OffloadType") && $0.hasSuffix(": NdisTcpChimneyOffload (1)") })
        #expect(
            lines.contains { $0.hasPrefix("   +0x00c TcpOffloadSendCompleteHandler") && $0.hasSuffix(": 0x11111111") })
        #expect(
            lines.contains {
                $0.hasPrefix("   +0x020 TcpOffloadReceiveIndicateHandler") && $0.hasSuffix(": 0x66666666")
            })
        var provider = ImageBuilder(abi: .x64, kind: .providerTCP)
        provider.offloadType = 3
        let json = try ToolRun.run(["decode", "--abi", "x64", "--json", "-"], input: provider.bytes).json()
        let fields = try #require(json["fields"] as? [[String: Any]])
        #expect(fields.count == 3 + 2 + 5)
        let offloadType = try #require(fields.first { $0["name"] as? String == "OffloadType" })
        #expect(offloadType["value"] as? Int == 3 && offloadType["text"] as? String == "NdisRdmaChimneyOffload (3)")
        #expect((json["error"] as? [String: Any])?["field"] as? String == "OffloadType")
    }

    @Test("The plausibility rules hold for every structure's entry points", arguments: CharacteristicsKind.allCases)
    func plausibility(kind: CharacteristicsKind) throws {
        var image = ImageBuilder.kernel(.x64, kind: kind)
        image.addresses[image.addresses.count - 1] = 0x0000_8000_0000_0000
        let field = kind.structure.layout(for: .x64).fields.last!.name
        let run = try ToolRun.run(["validate", "--abi", "x64", "-"], input: image.bytes)
        #expect(run.status == 0)
        #expect(run.standardError.hasPrefix("warning: \(field) is 0x0000800000000000, expected NULL or a canonical"))
        let strict = try ToolRun.run(["validate", "--abi", "x64", "--strict", "-"], input: image.bytes)
        #expect(strict.status == 1 && strict.standardError.hasPrefix("invalid: \(field) is 0x0000800000000000"))
        let json = try ToolRun.run(["validate", "--abi", "x64", "--json", "-"], input: image.bytes).json()
        #expect(warningRules(json) == ["canonical-address"])
        #expect(json["structure"] as? String == kind.description)
    }

    @Test(
        "An x64 structure read with 32-bit pointers looks 64-bit, whatever its kind",
        arguments: CharacteristicsKind.allCases)
    func otherWidth(kind: CharacteristicsKind) throws {
        let image = ImageBuilder.kernel(.x64, kind: kind).bytes
        let json = try ToolRun.run(["decode", "--abi", "x86", "--json", "-"], input: image).json()
        #expect(json["valid"] as? Bool == true, "\(kind)")
        #expect(warningRules(json).contains("fits-64-bit-layout"), "\(kind)")
        #expect(warningRules(json).contains("split-64-bit-address"), "\(kind)")
    }
}
