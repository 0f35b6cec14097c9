import Foundation
import Testing

/// Runs the built `ndis-chimney` (it sits beside the test bundle) with
/// standard input from `input`, and collects its exit status and output.
struct ToolRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    static func run(_ arguments: [String], input: [UInt8] = []) throws -> ToolRun {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // `swift test` runs .../debug/NdisChimneyPackageTests.xctest; the tool is in .../debug.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("ndis-chimney").path) {
            let parent = directory.deletingLastPathComponent()
            try #require(parent != directory, "ndis-chimney not found beside \(testBinary.path)")
            directory = parent
        }
        let process = Process()
        process.executableURL = directory.appendingPathComponent("ndis-chimney")
        process.arguments = arguments
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }
}
