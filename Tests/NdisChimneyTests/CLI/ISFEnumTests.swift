import Foundation
import NdisChimney
import Testing

/// `layout --format isf` carries the headers' enumerations, with the values
/// the C compiler gives their constants.
@Suite("ndis-chimney layout --format isf: enumerations")
struct ISFEnumTests {
    /// Every `Name = value` enumerator of the public headers, read from their text.
    static func headerEnumerators() throws -> [String: Int] {
        var enumerators: [String: Int] = [:]
        for header in ["ndischimney.h", "ndischimney_registry.h"] {
            let include = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../../Include/\(header)")
            let text = try String(contentsOf: include, encoding: .utf8)
            for match in text.matches(of: /(?m)^\s+(\w+) = (\d+),?/) {
                enumerators[String(match.1)] = Int(match.2)
            }
        }
        return enumerators
    }

    @Test(
        "The enums section: INDICATE_OFFLOAD_EVENT and NDIS_CHIMNEY_OFFLOAD_TYPE with their constants, base type int",
        arguments: ABI.windows)
    func enums(abi: ABI) throws {
        let run = try ToolRun.run(["layout", "--abi", abi.name, "--format", "isf"])
        let isf = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let enums = try #require(isf["enums"] as? [String: [String: Any]])
        #expect(Set(enums.keys) == Set(EnumDescription.all.map { "_" + $0.name }))
        let event = try #require(enums["_INDICATE_OFFLOAD_EVENT"])
        #expect(event["size"] as? Int == 4)
        #expect(event["base"] as? String == "int")
        let constants = try #require(event["constants"] as? [String: Int])
        #expect(constants == ["NeighborReachabilityInDoubt": 1, "NeighborReachabilityQuery": 2, "MaxOffloadEvent": 3])
        let offloadType = try #require(enums["_NDIS_CHIMNEY_OFFLOAD_TYPE"])
        #expect(offloadType["size"] as? Int == 4)
        #expect(
            offloadType["constants"] as? [String: Int] == [
                "NdisTcpChimneyOffload": 1, "NdisIpsecChimneyOffload": 2, "NdisRdmaChimneyOffload": 3,
                "NdisMaxChimneyOffload": 4,
            ])
        let userTypes = try #require(isf["user_types"] as? [String: [String: Any]])
        for tcp in [
            "_NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS", "_NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS",
        ] {
            let fields = try #require(userTypes[tcp]?["fields"] as? [String: [String: Any]])
            let type = try #require(fields["OffloadType"]?["type"] as? [String: String])
            #expect(
                type == ["kind": "enum", "name": "_NDIS_CHIMNEY_OFFLOAD_TYPE"], "\(tcp).OffloadType names the enum")
        }
        let int = try #require((isf["base_types"] as? [String: [String: Any]])?["int"])
        #expect(int["size"] as? Int == 4)
        #expect(int["signed"] as? Bool == true)
    }

    @Test("Every constant the tool describes has the name and the value the header gives it")
    func constantsMatchTheHeaders() throws {
        let header = try Self.headerEnumerators()
        #expect(header["NeighborReachabilityQuery"] == 2, "the header parse works")
        for description in EnumDescription.all {
            for constant in description.constants {
                #expect(header[constant.name] == Int(constant.value), "\(description.name).\(constant.name)")
            }
        }
    }
}
