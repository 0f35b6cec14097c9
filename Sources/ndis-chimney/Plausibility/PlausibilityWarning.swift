import NdisChimney

/// Something a real structure would hardly hold, found in an image the
/// validator accepts (or judges on other grounds): the field, its value, the
/// rule and a message naming all three and what was expected.
///
/// `validate` and `decode` print each as `warning: MESSAGE` on stderr (as
/// `invalid: MESSAGE` under `--strict`, which makes them errors) and list them
/// in their JSON; `scan` requires the rules of `PlausibilityRules` of every
/// match and reports the others per match.
struct PlausibilityWarning: Hashable {
    /// The rules, by the names the JSON gives them.
    enum Rule: String {
        /// A 64-bit entry point that is neither NULL nor canonical.
        case canonicalAddress = "canonical-address"
        /// A structure that starts at an offset its alignment forbids.
        case pointerAlignment = "pointer-alignment"
        /// A 32-bit entry point holding what only the high half of a 64-bit
        /// address holds.
        case split64BitAddress = "split-64-bit-address"
        /// A 32-bit reading whose bytes are also a valid, plausible 64-bit one.
        case fits64BitLayout = "fits-64-bit-layout"
        /// A 64-bit reading whose non-NULL entry points are all below 4 GiB.
        case addressesBelow4GiB = "addresses-below-4-gib"

        /// Whether the rule is about the other pointer width (the ABI
        /// resemblance heuristics), rather than about the ABI's own rules.
        var isResemblance: Bool {
            switch self {
            case .canonicalAddress, .pointerAlignment: false
            case .split64BitAddress, .fits64BitLayout, .addressesBelow4GiB: true
            }
        }
    }

    /// How a value is written: an address in hex, or a plain number.
    enum Value: Hashable {
        /// An address, written in hex as wide as the ABI's pointers.
        case address(UInt64, digits: Int)
        /// A count or an offset.
        case number(UInt64)
    }

    let rule: Rule
    /// The field at fault (`InitiateOffloadCompleteHandler`, `Header.Size`),
    /// or `offset` for where the structure starts.
    let field: String
    let value: Value
    /// One line: the field, its value, what was expected and why it matters.
    let message: String

    /// The value as text: hex for an address, decimal for a number.
    var valueText: String {
        switch value {
        case .address(let address, let digits): hex(address, digits: digits)
        case .number(let number): String(number)
        }
    }

    /// `{ "field": ..., "value": ..., "rule": ..., "message": ... }`; an
    /// address's value is an exact hex string, as `decode --json` gives it.
    var json: JSON {
        let value: JSON =
            switch value {
            case .address(let address, _): .string(hex(address))
            case .number(let number): .unsigned(number)
            }
        return .object([
            ("field", .string(field)), ("value", value), ("rule", .string(rule.rawValue)),
            ("message", .string(message)),
        ])
    }
}
