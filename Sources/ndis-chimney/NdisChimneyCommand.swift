import ArgumentParser

/// `ndis-chimney`: prints the layouts of the NDIS chimney offload structures
/// and validates or decodes raw images of the characteristics structure.
///
/// Exit status: 0 success (a valid image), 1 an invalid image, 2 a usage or
/// I/O error.
@main
struct NdisChimneyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndis-chimney",
        abstract: "Layouts of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS and its neighbours.",
        discussion: "Exit status: 0 success, 1 invalid image, 2 usage or I/O error.",
        subcommands: [LayoutCommand.self, ValidateCommand.self, DecodeCommand.self]
    )

    /// Runs a subcommand, mapping ArgumentParser's usage errors (64) to 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Process.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Process.exit(0)
            }
            Process.printError(fullMessage(for: error))
            Process.exit(2)
        }
    }
}
