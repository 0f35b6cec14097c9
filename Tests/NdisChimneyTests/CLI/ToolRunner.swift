import Foundation
import Testing

/// Runs the built `ndis-chimney` (it sits beside the test bundle) with
/// standard input from `input`, and collects its exit status and output.
struct ToolRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// The tool's path: `swift test` runs .../debug/NdisChimneyPackageTests.xctest
    /// and the tool is in .../debug.
    static func toolURL() throws -> URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("ndis-chimney").path) {
            let parent = directory.deletingLastPathComponent()
            try #require(parent != directory, "ndis-chimney not found beside \(testBinary.path)")
            directory = parent
        }
        return directory.appendingPathComponent("ndis-chimney")
    }

    /// Runs the tool with `arguments`; its standard output goes to
    /// `standardOutput` when given (then `ToolRun.standardOutput` is empty).
    static func run(_ arguments: [String], input: [UInt8] = [], standardOutput: FileHandle? = nil) throws -> ToolRun {
        let process = Process()
        process.executableURL = try toolURL()
        process.arguments = arguments
        return try collect(process, input: input, standardOutput: standardOutput)
    }

    /// Runs `/bin/sh -c script` with `$0` the tool's path: for arguments a
    /// `[String]` cannot carry, such as file names that are not UTF-8
    /// (`"$(printf '\\377')"`).
    static func shell(_ script: String, input: [UInt8] = []) throws -> ToolRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, try toolURL().path]
        return try collect(process, input: input, standardOutput: nil)
    }

    private static func collect(_ process: Process, input: [UInt8], standardOutput: FileHandle?) throws -> ToolRun {
        // The tool reads only what it needs (validate stops after 65,535
        // bytes), so writing the rest of `input` may find the pipe closed:
        // that must be an error to ignore, not a SIGPIPE that ends the tests.
        signal(SIGPIPE, SIG_IGN)
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = standardOutput ?? stdout
        process.standardError = stderr
        try process.run()
        // Fed from another thread, so that a tool that writes while it reads
        // (scan) never waits on a test that is still writing.
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = standardOutput == nil ? stdout.fileHandleForReading.readDataToEndOfFile() : Data()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    /// Writes `bytes` to a new temporary file, removed when `body` returns.
    static func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ndis-chimney-\(UUID()).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(file.path)
    }

    /// The JSON object the tool printed.
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(standardOutput.utf8)) as? [String: Any])
    }
}
