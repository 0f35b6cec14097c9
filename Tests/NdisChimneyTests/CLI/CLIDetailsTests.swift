import Foundation
import NdisChimney
import Testing

@Suite("ndis-chimney: version, help, one hex case")
struct CLIDetailsTests {
    static let subcommands = ["layout", "validate", "decode", "scan"]

    @Test("--version prints the Makefile's VERSION")
    func version() throws {
        let makefile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Makefile")
        let text = try String(contentsOf: makefile, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("VERSION := ") })
        let run = try ToolRun.run(["--version"])
        #expect(run.status == 0)
        #expect(run.standardOutput == line.dropFirst("VERSION := ".count) + "\n")
    }

    @Test("Help: readable defaults, no `all` where one ABI is taken, no document make install leaves out")
    func help() throws {
        for command in Self.subcommands {
            // Unwrapped: the help breaks lines to fit the terminal.
            let help = try ToolRun.run([command, "--help"]).standardOutput.split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            #expect(!help.contains("Docs/"), "\(command)")
            #expect(!help.contains("ABIChoice"), "\(command)")
            let values =
                switch command {
                case "layout": "(values: x86, x64, arm64, arm, host, all; default: all)"
                case "validate": "(values: x86, x64, arm64, arm, host)"
                default: "(values: x86, x64, arm64, arm, host, auto)"
                }
            #expect(help.contains(values), "\(command)")
            if command != "layout" {
                let types = "(values: client-generic, provider-generic, client-tcp, provider-tcp, auto; default: auto)"
                #expect(help.contains(types), "\(command)")
            }
        }
        #expect(!(try ToolRun.run(["--help"]).standardOutput.contains("Docs/")))
    }

    @Test("Every hex digit the tool prints is lower case, in text and in JSON")
    func lowerCaseHex() throws {
        var image = ImageBuilder(abi: .x64)
        image.addresses = [0xffff_f805_abcd_ef01, 0, 0xdead_beef, 0, 0, 0xffff_ffff_ffff_fffe]
        image.flags = 0xabcd
        var runs = [try ToolRun.run(["layout"]), try ToolRun.run(["layout", "--format", "markdown"])]
        for command in ["validate", "decode"] {
            for json in [[], ["--json"]] {
                runs.append(try ToolRun.run([command, "--abi", "x64"] + json + ["-"], input: image.bytes))
            }
        }
        let upperCaseHex = /0x[0-9a-f]*[A-F]/
        for run in runs {
            #expect((run.standardOutput + run.standardError).contains("0x"))
            #expect(run.standardOutput.firstMatch(of: upperCaseHex) == nil, "\(run.standardOutput)")
            #expect(run.standardError.firstMatch(of: upperCaseHex) == nil, "\(run.standardError)")
        }
    }

    @Test("layout --format and the older flags agree; exclusive; isf needs one Windows ABI")
    func layoutFormats() throws {
        for format in ["json", "markdown"] {
            let flag = try ToolRun.run(["layout", "--abi", "x86", "--\(format)"])
            let option = try ToolRun.run(["layout", "--abi", "x86", "--format", format])
            #expect(flag.status == 0)
            #expect(flag.standardOutput == option.standardOutput)
        }
        #expect(try ToolRun.run(["layout", "--format", "json", "--json"]).status == 2)
        for abis in [[], ["--abi", "host"], ["--abi", "x86", "--abi", "x64"]] {
            let run = try ToolRun.run(["layout", "--format", "isf"] + abis)
            #expect(run.status == 2)
            #expect(run.standardError.contains("--format isf needs exactly one Windows ABI"))
        }
    }

    @Test(
        "layout --format isf: every structure's size and every field's offset are the layout's", arguments: ABI.windows)
    func isfOffsets(abi: ABI) throws {
        let run = try ToolRun.run(["layout", "--abi", abi.name, "--format", "isf"])
        #expect(run.status == 0)
        let isf = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect((isf["metadata"] as? [String: Any])?["format"] as? String == "6.2.0")
        let pointer = try #require((isf["base_types"] as? [String: Any])?["pointer"] as? [String: Any])
        #expect(pointer["size"] as? Int == abi.pointerSize)
        let userTypes = try #require(isf["user_types"] as? [String: [String: Any]])
        for description in StructureDescription.all {
            let layout = description.layout(for: abi)
            let type = try #require(userTypes["_" + layout.name])
            #expect(type["size"] as? Int == layout.size)
            let fields = try #require(type["fields"] as? [String: [String: Any]])
            #expect(Set(fields.keys) == Set(layout.fields.map(\.name)))
            for field in layout.fields {
                #expect(fields[field.name]?["offset"] as? Int == field.offset, "\(layout.name).\(field.name)")
            }
        }
    }

    @Test("layout --format c-asserts: every structure, field and revision-1 size, per pointer width; no --abi")
    func cAsserts() throws {
        let run = try ToolRun.run(["layout", "--format", "c-asserts"])
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        for (width, abi) in [(8, ABI.x64), (4, ABI.x86)] {
            let start = try #require(lines.firstIndex { $0.hasSuffix("if NDIS_CHIMNEY_POINTER_SIZE == \(width)") })
            let end = try #require(lines[(start + 1)...].firstIndex { $0.hasPrefix("#el") })
            var expected: [String] = []
            for description in StructureDescription.all {
                let layout = description.layout(for: abi)
                expected.append("NDIS_CHIMNEY_CHECK_SIZE(\(layout.name), \(layout.size));")
                expected += layout.fields.map {
                    "NDIS_CHIMNEY_CHECK_FIELD(\(layout.name), \($0.name), \($0.offset), \($0.size));"
                }
                if let size = layout.revision1Size, let macro = description.revision1SizeMacro {
                    expected.append("NDIS_CHIMNEY_STATIC_ASSERT(\(macro) == \(size), \"\(macro) is not \(size)\");")
                }
            }
            #expect(Array(lines[(start + 1)..<end]) == expected, "pointer size \(width)")
        }
        for enumeration in EnumDescription.all {
            #expect(lines.contains("NDIS_CHIMNEY_CHECK_SIZE(\(enumeration.name), 4);"))
        }
        #expect(
            StructureDescription.clientTCPCharacteristics.revision1SizeMacro
                == "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1")
        let refused = try ToolRun.run(["layout", "--format", "c-asserts", "--abi", "x64"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--format c-asserts covers both pointer widths"))
    }
}
