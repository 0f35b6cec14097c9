import ArgumentParser
import NdisChimney

/// `--abi NAME` for commands that read one image with one layout: the help
/// lists the ABIs by name, and `all` is not among them.
extension ABI: ExpressibleByArgument {
    /// The ABI with this command-line name (`x86`, `x64`, `arm64`, `arm`, `host`).
    public init?(argument: String) { self.init(name: argument) }

    /// Every ABI's command-line name, for the help and for completions.
    public static var allValueStrings: [String] { ABI.all.map(\.name) }

    /// The command-line name, as the help shows a default.
    public var defaultValueDescription: String { name }
}
