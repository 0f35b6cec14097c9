import ArgumentParser
import NdisChimney

/// `layout`'s `--abi`: one ABI by name, or `all` of them.
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

    /// What the help shows as the default: `all`, or the one ABI's name.
    var defaultValueDescription: String { abis.count == 1 ? abis[0].name : "all" }
}
