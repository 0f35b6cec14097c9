import Foundation
import NdisChimney
import Testing

@Suite("ndis-chimney validate and decode: exact addresses, bounded reads, --offset")
struct ImageInputTests {
    /// An x64 image whose handlers are kernel addresses, as every real x64 one is.
    static var kernelImage: ImageBuilder {
        var builder = ImageBuilder(abi: .x64)
        builder.addresses = [0xffff_f805_1234_5671, 0, 0xffff_f805_1234_5000, 0xffff_8000_0000_0000, 0, 1]
        return builder
    }

    static func json(_ run: ToolRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    @Test("decode --json gives every pointer as an exact lower-case hex string; 32-bit fields stay numbers")
    func exactAddresses() throws {
        let run = try ToolRun.run(["decode", "--abi", "x64", "--json", "-"], input: Self.kernelImage.bytes)
        #expect(run.status == 0)
        let fields = try #require(try Self.json(run)["fields"] as? [[String: Any]])
        let values = fields.filter { ($0["name"] as? String)?.hasSuffix("Handler") == true }.map {
            $0["value"] as? String
        }
        #expect(values == ["0xfffff80512345671", "0x0", "0xfffff80512345000", "0xffff800000000000", "0x0", "0x1"])
        #expect(fields.first { $0["name"] as? String == "Header.Size" }?["value"] as? Int == 56)
        #expect(fields.first { $0["name"] as? String == "Header.Type" }?["value"] as? Int == 0x8e)
    }

    @Test("--offset in decimal and in hex, from a file and from standard input", arguments: ABI.windows)
    func offsets(abi: ABI) throws {
        var random = SplitMix64(seed: 0x0ff5e7)
        let at = 0x1234 * abi.pointerSize
        var dump = random.bytes(at + 4096)
        dump.replaceSubrange(at..<at + ImageBuilder(abi: abi).minimumSize, with: ImageBuilder(abi: abi).bytes)
        let initiate = ImageBuilder(abi: abi).addresses[0]
        try ToolRun.withTemporaryFile(dump) { path in
            for offset in [String(at), "0x" + String(at, radix: 16), "0X" + String(at, radix: 16).uppercased()] {
                for (file, input) in [(path, [UInt8]()), ("-", dump)] {
                    let valid = try ToolRun.run(
                        ["validate", "--abi", abi.name, "--offset", offset, file], input: input)
                    #expect(valid.status == 0, "\(offset) \(file): \(valid.standardError)")
                    let decoded = try ToolRun.run(
                        ["decode", "--abi", abi.name, "--offset", offset, "--json", file], input: input)
                    let fields = try #require(try Self.json(decoded)["fields"] as? [[String: Any]])
                    #expect(fields[4]["value"] as? String == "0x" + String(initiate, radix: 16))
                }
            }
        }
    }

    @Test("--offset past the end, or not a number, is a usage or I/O error (exit 2)")
    func badOffsets() throws {
        let image = ImageBuilder(abi: .x86).bytes
        try ToolRun.withTemporaryFile(image) { path in
            let past = try ToolRun.run(["validate", "--abi", "x86", "--offset", "100", path])
            #expect(past.status == 2)
            #expect(past.standardError == "ndis-chimney: cannot read \(path): offset 100 is past its end (32 bytes)\n")
        }
        let piped = try ToolRun.run(["validate", "--abi", "x86", "--offset", "0x100", "-"], input: image)
        #expect(piped.status == 2)
        #expect(piped.standardError == "ndis-chimney: cannot read -: offset 256 is past its end (32 bytes)\n")
        for bad in ["-1", "0x", "12k", "0xg0", "18446744073709551616"] {
            #expect(try ToolRun.run(["validate", "--abi", "x86", "--offset", bad, "-"]).status == 2, "\(bad)")
        }
    }

    @Test("validate of /dev/zero reads 65,535 bytes, the most a structure can claim, and ends at once")
    func devZero() throws {
        let started = Date()
        let run = try ToolRun.run(["validate", "--abi", "x64", "--json", "/dev/zero"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 1)
        #expect(try Self.json(run)["bytes"] as? Int == 65535)
        #expect(
            run.standardError
                == "invalid: Header.Type is 0x00, expected 0x8e, 0x8f, 0x93 or 0x94 (a chimney offload characteristics structure)\n"
        )
        let chosen = try ToolRun.run(["validate", "--abi", "x64", "--type", "client-generic", "/dev/zero"])
        #expect(chosen.standardError == "invalid: Header.Revision is 0, expected 1 or higher\n")
    }

    @Test("validate prints the Type it found, by value and name, valid or not")
    func validateType() throws {
        let valid = try ToolRun.run(["validate", "--abi", "x64", "-"], input: ImageBuilder(abi: .x64).bytes)
        #expect(
            valid.standardOutput
                == "valid: NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, revision 1, size 56, type "
                + "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS (0x8e), x64 (x86_64-pc-windows-msvc)\n"
        )
        var other = ImageBuilder(abi: .x64)
        other.type = 0x42
        other.flags = 1
        let invalid = try Self.json(try ToolRun.run(["validate", "--abi", "x64", "--json", "-"], input: other.bytes))
        let type = try #require(invalid["type"] as? [String: Any])
        #expect(type["value"] as? Int == 0x42)
        #expect(type["name"] is NSNull)
        #expect(invalid["valid"] as? Bool == false)
        let empty = try Self.json(try ToolRun.run(["validate", "--abi", "x64", "--json", "-"]))
        #expect(empty["type"] is NSNull)
        #expect(empty["bytes"] as? Int == 0)
    }
}

/// A small seeded generator, so that a failing random case can be rerun.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            var index = 0
            while index + 8 <= buffer.count {
                buffer.storeBytes(of: next(), toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < buffer.count {
                buffer[index] = UInt8(truncatingIfNeeded: next())
                index += 1
            }
        }
        return out
    }
}
