import Foundation
import NdisChimney
import Testing

/// Inputs and outputs that once crashed the tool, read the wrong file, or
/// lost output silently: each now gets a clear error and its exit status.
@Suite("ndis-chimney: hostile offsets, files, names and outputs")
struct HostileInputTests {
    @Test("An --offset of 2^63 or more is an error (exit 2), never a crash, on a pipe, a device and a file")
    func hugeOffsets() throws {
        try ToolRun.withTemporaryFile(ImageBuilder(abi: .x86).bytes) { path in
            for offset in ["9223372036854775808", "0xffffffffffffffff"] {
                for file in ["-", "/dev/zero", path] {
                    for command in [["validate"], ["decode"], ["scan", "--length", "64"]] {
                        let run = try ToolRun.run(command + ["--abi", "x86", "--offset", offset, file])
                        #expect(run.status == 2, "\(command) \(offset) \(file)")
                        #expect(
                            run.standardError.hasSuffix(
                                ": offset \(UInt64(offset) ?? .max) is beyond the largest file offset, 9223372036854775807\n"
                            ),
                            "\(command) \(offset) \(file): \(run.standardError)")
                    }
                }
            }
        }
    }

    @Test("The largest offset itself works on a device, and a scan there stops at 2^63 - 1")
    func largestOffset() throws {
        let run = try ToolRun.run(["validate", "--abi", "x86", "--offset", "9223372036854775807", "/dev/zero"])
        #expect(run.status == 1)
        #expect(
            run.standardError
                == "invalid: Header.Type is 0x00, expected 0x8e, 0x8f, 0x93 or 0x94 (a chimney offload characteristics structure)\n"
        )
        let scan = try ToolRun.run([
            "scan", "--abi", "x86", "--offset", "0x7ffffffffffff000", "--length", "0x100000", "/dev/zero",
        ])
        #expect(scan.status == 0)
    }

    @Test(
        "A file whose size reads as 0 but holds data (procfs) is read, at any offset",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func procfs() throws {
        for offset in ["0", "8"] {
            let run = try ToolRun.run(["decode", "--abi", "x86", "--offset", offset, "--json", "/proc/self/status"])
            #expect(run.status == 1, "a text file is no structure: \(run.standardError)")
            #expect(try run.json()["bytesRead"] as? Int ?? 0 > 100, "\(offset)")
        }
        let past = try ToolRun.run(["validate", "--abi", "x86", "--offset", "0x1000000", "/proc/self/status"])
        #expect(past.status == 2)
        #expect(past.standardError.contains("offset 16777216 is past its end ("))
        #expect(try ToolRun.run(["scan", "--abi", "x86", "/proc/self/status"]).status == 0)
    }

    @Test("A file name that is not UTF-8 opens exactly that file, and is escaped in messages")
    func nonUTF8Name() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ndis-chimney-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // "a\xffb" holds a valid image; "a\u{FFFD}b", the name a String
        // round trip makes of it, an invalid one.
        let raw = Array((directory.path + "/a").utf8) + [0xff] + Array("b".utf8)
        let descriptor = open(raw.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o600)
        try #require(descriptor >= 0)
        let image = ImageBuilder.kernel(.x86).bytes
        _ = image.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        try Data([0x8e, 0, 32, 0]).write(to: directory.appendingPathComponent("a\u{FFFD}b"))

        let name = "\"$(printf '\(directory.path)/a\\377b')\""
        for command in ["validate", "scan"] {
            let run = try ToolRun.shell("exec \"$0\" \(command) --abi x86 \(name)")
            #expect(run.status == 0, "\(command): \(run.standardError)")
            #expect(run.standardError.isEmpty, "\(command)")
        }
        let missing = try ToolRun.shell("exec \"$0\" decode --abi x86 \"$(printf '\(directory.path)/c\\377d')\"")
        #expect(missing.status == 2)
        #expect(
            missing.standardError == "ndis-chimney: cannot read \(directory.path)/c\\xffd: No such file or directory\n")
    }

    @Test("Control characters and invisible format characters in a file name are escaped in messages")
    func controlCharacters() throws {
        let name = "/nonexistent/a\nb\u{1B}[31m\t\u{7F}\u{202E}c\\d"
        for command in ["validate", "decode", "scan"] {
            let run = try ToolRun.run([command, "--abi", "x86", name])
            #expect(run.status == 2)
            #expect(
                run.standardError
                    == "ndis-chimney: cannot read /nonexistent/a\\nb\\x1b[31m\\t\\x7f\\u{202e}c\\\\d: No such file or directory\n",
                "\(command)")
        }
    }

    @Test("Output that cannot be written is an error (exit 2, a message on stderr), for every command")
    func unwritableOutput() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let image = ImageBuilder.kernel(.x64).bytes
        let runs: [([String], [UInt8])] = [
            (["layout"], []), (["layout", "--format", "isf", "--abi", "x64"], []), (["--help"], []),
            (["--version"], []),
            (["validate", "--abi", "x64", "-"], image), (["validate", "--abi", "x64", "--json", "-"], image),
            (["decode", "--abi", "x64", "-"], image), (["decode", "--abi", "auto", "-"], image),
            (["scan", "--abi", "x64", "-"], image), (["scan", "--abi", "x64", "--json", "-"], image),
        ]
        for (arguments, input) in runs {
            let run = try ToolRun.run(arguments, input: input, standardOutput: full)
            #expect(run.status == 2, "\(arguments)")
            #expect(
                run.standardError == "ndis-chimney: cannot write standard output: No space left on device\n",
                "\(arguments)")
        }
    }
}
