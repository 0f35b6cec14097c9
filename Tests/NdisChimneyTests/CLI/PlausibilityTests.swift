import Foundation
import NdisChimney
import Testing

/// The plausibility rules `scan` requires (alignment, canonical 64-bit
/// addresses) are the ones `validate` and `decode` warn about: one verdict.
@Suite("ndis-chimney validate and decode: plausibility warnings, --strict")
struct PlausibilityTests {
    /// An x64 image with one entry point that no CPU can jump to.
    static var nonCanonical: ImageBuilder {
        var builder = ImageBuilder.kernel(.x64)
        builder.addresses[3] = 0x0000_8000_0000_0000
        return builder
    }

    @Test("A non-canonical x64 entry point: a warning naming field, value and rule; exit 0, or 1 under --strict")
    func nonCanonicalEntryPoint() throws {
        let bytes = Self.nonCanonical.bytes
        let expected =
            "InvalidateOffloadCompleteHandler is 0x0000800000000000, expected NULL or a canonical address on x64 "
            + "(bits 63 to 47 all equal: below 0x0000800000000000 or from 0xffff800000000000), "
            + "as every address a CPU can jump to is"
        for command in ["validate", "decode"] {
            let lenient = try ToolRun.run([command, "--abi", "x64", "-"], input: bytes)
            #expect(lenient.status == 0, "\(command)")
            #expect(lenient.standardError == "warning: \(expected)\n", "\(command)")
            let strict = try ToolRun.run([command, "--abi", "x64", "--strict", "-"], input: bytes)
            #expect(strict.status == 1, "\(command)")
            #expect(strict.standardError == "invalid: \(expected)\n", "\(command)")
            let json = try ToolRun.run([command, "--abi", "x64", "--json", "-"], input: bytes).json()
            #expect(json["valid"] as? Bool == true, "the validator's verdict is unchanged")
            let warnings = try #require(json["warnings"] as? [[String: Any]])
            #expect(warnings.count == 1)
            #expect(warnings.first?["field"] as? String == "InvalidateOffloadCompleteHandler")
            #expect(warnings.first?["value"] as? String == "0x800000000000")
            #expect(warnings.first?["rule"] as? String == "canonical-address")
            #expect(warnings.first?["message"] as? String == expected)
        }
        let valid = try ToolRun.run(["validate", "--abi", "x64", "--strict", "-"], input: bytes)
        #expect(valid.standardOutput.isEmpty, "no valid: line for an image --strict refuses")
    }

    @Test("An offset that is not a multiple of the pointer size: a pointer-alignment warning", arguments: ABI.windows)
    func misaligned(abi: ABI) throws {
        let at = 0x1000 + abi.pointerSize / 2
        let bytes = dump(size: 0x2000, [(at, ImageBuilder.kernel(abi).bytes)])
        let run = try ToolRun.run(["validate", "--abi", abi.name, "--offset", String(at), "-"], input: bytes)
        #expect(run.status == 0)
        #expect(
            run.standardError == "warning: the structure starts at offset \(at) (\(hex(at))), expected a multiple of "
                + "\(abi.pointerSize), its alignment on \(abi.name)\n")
        let json = try ToolRun.run(
            ["decode", "--abi", abi.name, "--offset", String(at), "--json", "-"], input: bytes
        ).json()
        #expect(warningRules(json) == ["pointer-alignment"])
        #expect((json["warnings"] as? [[String: Any]])?.first?["value"] as? Int == at)
        #expect(
            try ToolRun.run(["validate", "--abi", abi.name, "--offset", String(at), "--strict", "-"], input: bytes)
                .status == 1)
    }

    @Test("A kernel image on every ABI: no warning, silent stderr, exit 0 under --strict", arguments: ABI.windows)
    func plausible(abi: ABI) throws {
        for command in ["validate", "decode"] {
            let run = try ToolRun.run(
                [command, "--abi", abi.name, "--strict", "-"], input: ImageBuilder.kernel(abi).bytes)
            #expect(run.status == 0, "\(command)")
            #expect(run.standardError.isEmpty, "\(command): \(run.standardError)")
        }
    }

    @Test("An invalid image keeps its one line on stderr; its JSON still lists the warnings")
    func invalidImage() throws {
        var builder = Self.nonCanonical
        builder.flags = 2
        let run = try ToolRun.run(["validate", "--abi", "x64", "-"], input: builder.bytes)
        #expect(run.status == 1)
        #expect(run.standardError == "invalid: Flags is 0x00000002, expected 0 (reserved for system use)\n")
        let json = try ToolRun.run(["validate", "--abi", "x64", "--json", "-"], input: builder.bytes).json()
        #expect(warningRules(json) == ["canonical-address"])
    }

    @Test("One verdict: scan finds an image exactly when validate --strict accepts it", arguments: [ABI.x86, .x64])
    func sameVerdictAsScan(abi: ABI) throws {
        var images: [(String, ImageBuilder, offsetDelta: Int)] = [("kernel", .kernel(abi), 0)]
        images.append(("misaligned", .kernel(abi), abi.pointerSize / 2))
        if abi.pointerSize == 8 {
            images.append(("non-canonical", Self.nonCanonical, 0))
            var high = ImageBuilder.kernel(abi)
            high.addresses[5] = 0xfff7_f805_0000_0000
            images.append(("non-canonical kernel half", high, 0))
        }
        for (name, builder, delta) in images {
            let at = 0x800 + delta
            let bytes = dump(size: 0x1000, [(at, builder.bytes)])
            let validate = try ToolRun.run(
                ["validate", "--abi", abi.name, "--strict", "--offset", String(at), "-"], input: bytes)
            let scan = try ToolRun.run(["scan", "--abi", abi.name, "-"], input: bytes)
            #expect(scan.status == 0)
            #expect((validate.status == 0) == !scan.standardOutput.isEmpty, "\(name)")
            #expect((validate.status == 0) == (name == "kernel"), "\(name)")
        }
    }
}
