import ArgumentParser

/// The tool's version, which `--version` prints and the ISF files it writes
/// name as their producer's; the Makefile's `VERSION` is the same (a test
/// checks it).
let toolVersion = "1.0.0"

/// `ndis-chimney`: prints the layouts of the NDIS chimney offload structures,
/// validates or decodes raw images of the four characteristics structures,
/// and finds such structures in memory dumps.
///
/// Exit status: 0 success (a valid image), 1 an invalid image, 2 a usage or
/// I/O error.
@main
struct NdisChimneyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndis-chimney",
        abstract:
            "Layouts of the NDIS chimney offload structures; validate, decode and find the characteristics in raw images.",
        discussion: "Exit status: 0 success, 1 invalid image, 2 usage or I/O error.",
        version: toolVersion,
        subcommands: [LayoutCommand.self, ValidateCommand.self, DecodeCommand.self, ScanCommand.self]
    )

    /// Runs a subcommand, mapping ArgumentParser's usage errors (64) and
    /// the tool's I/O failures to 2, with one line on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Process.exit(code.rawValue)
        } catch let failure as any ToolFailure {
            Process.printError("ndis-chimney: \(failure.message)")
            Process.exit(2)
        } catch {
            if exitCode(for: error) == .success {
                // --help and --version: their text is the output asked for.
                do throws(OutputFailure) {
                    try Process.write(fullMessage(for: error) + "\n")
                } catch {
                    Process.printError("ndis-chimney: \(error.message)")
                    Process.exit(2)
                }
                Process.exit(0)
            }
            Process.printError(fullMessage(for: error))
            Process.exit(2)
        }
    }
}
