import ArgumentParser
import NdisChimney

/// The `--abi` argument: one ABI by name, or `all` of them where a command
/// can show several.
struct ABIChoice: ExpressibleByArgument {
    /// The ABIs chosen.
    let abis: [ABI]

    static let all = ABIChoice(abis: ABI.all)

    private init(abis: [ABI]) { self.abis = abis }

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let abi = ABI(name: argument) {
            abis = [abi]
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ABI.all.map(\.name) + ["all"] }
}
