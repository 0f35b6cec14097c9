import ArgumentParser
import NdisChimney

/// `--type` of `validate`, `decode` and `scan`: one of the four structures by
/// name, or `auto`: the one `Header.Type` names (for `scan`, all four, each
/// found by its own Type).
enum KindSelection: Equatable, ExpressibleByArgument {
    /// The structure the user named; `Header.Type` is then reported, not
    /// checked, as NDIS does once it knows the structure.
    case one(CharacteristicsKind)
    /// The structure `Header.Type` names.
    case auto

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let kind = CharacteristicsKind.allCases.first(where: { $0.argument == argument }) {
            self = .one(kind)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { CharacteristicsKind.allCases.map(\.argument) + ["auto"] }

    /// What the help shows as the default.
    var defaultValueDescription: String {
        switch self {
        case .one(let kind): kind.argument
        case .auto: "auto"
        }
    }

    /// The structures `scan` searches for.
    var kinds: [CharacteristicsKind] {
        switch self {
        case .one(let kind): [kind]
        case .auto: CharacteristicsKind.allCases
        }
    }
}

extension CharacteristicsKind {
    /// The name `--type` and `scan`'s text output give the structure:
    /// `client-generic`, `provider-generic`, `client-tcp`, `provider-tcp`.
    var argument: String {
        switch self {
        case .clientGeneric: "client-generic"
        case .providerGeneric: "provider-generic"
        case .clientTCP: "client-tcp"
        case .providerTCP: "provider-tcp"
        }
    }
}
