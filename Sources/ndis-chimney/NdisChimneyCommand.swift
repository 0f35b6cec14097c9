import ArgumentParser

/// `ndis-chimney`: prints the layouts of the NDIS chimney offload structures
/// and validates or decodes raw images of the characteristics structure.
@main
struct NdisChimneyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndis-chimney",
        abstract: "Layouts of NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS and its neighbours.",
        subcommands: [LayoutCommand.self]
    )
}
