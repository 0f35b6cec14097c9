import ArgumentParser
import NdisChimney

/// `--abi` of `decode` and `scan`: one ABI by name, or `auto`, which tries
/// every Windows ABI and says which the bytes fit.
enum ABISelection: ExpressibleByArgument {
    /// The layout the user named.
    case one(ABI)
    /// Every Windows ABI, each judged on the bytes.
    case auto

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let abi = ABI(name: argument) {
            self = .one(abi)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ABI.all.map(\.name) + ["auto"] }
}
