import Foundation

/// Docs/ndis-chimney-output.schema.json, checked by a real JSON Schema
/// validator: python3 with the jsonschema package, through
/// Tests/output-schema-check.py. Tests that need it are skipped, saying so,
/// where python3 or jsonschema is missing.
enum OutputSchema {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..")
        .standardizedFileURL

    /// Whether python3 can import jsonschema here.
    static let available: Bool = {
        guard let run = try? python(["-c", "import jsonschema"], input: Data()) else { return false }
        return run.status == 0
    }()

    /// The violations of `documents` (pairs of a definition of the schema's
    /// `$defs`, such as `decode`, and a JSON text), one line each; empty
    /// when every document is valid.
    static func violations(_ documents: [(definition: String, json: String)]) throws -> [String] {
        let items = documents.map { "{\"definition\": \"\($0.definition)\", \"document\": \($0.json)}" }
        let run = try python(
            [
                root.appendingPathComponent("Tests/output-schema-check.py").path,
                root.appendingPathComponent("Docs/ndis-chimney-output.schema.json").path,
            ],
            input: Data(("[" + items.joined(separator: ",\n") + "]").utf8))
        let lines = run.output.split(separator: "\n").map(String.init)
        if run.status != 0 && lines.isEmpty { return ["output-schema-check.py failed with status \(run.status)"] }
        return lines
    }

    private static func python(_ arguments: [String], input: Data) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let (stdin, stdout) = (Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
