/// A JSON value whose objects keep the order their keys were written in, so
/// that the tool's machine-readable output is stable byte for byte.
enum JSON {
    case string(String)
    case int(Int)
    /// An unsigned number (a file offset), exact however large.
    case unsigned(UInt64)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    /// Pretty-printed with two-space indentation and a final newline.
    var rendered: String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    /// On one line with no newline, as JSON Lines holds each value.
    var compact: String {
        var out = ""
        write(to: &out, indent: nil)
        return out
    }

    /// Writes the value; `indent` nil writes it on one line.
    private func write(to out: inout String, indent: String?) {
        let inner = indent.map { $0 + "  " }
        let (open, separator, close) = inner.map { ("\n" + $0, ",\n" + $0, "\n" + indent!) } ?? ("", ", ", "")
        switch self {
        case .string(let text): out += JSON.quoted(text)
        case .int(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            out += "[" + open
            for (index, item) in items.enumerated() {
                item.write(to: &out, indent: inner)
                out += index + 1 < items.count ? separator : close
            }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { return out += "{}" }
            out += "{" + open
            for (index, (key, value)) in members.enumerated() {
                out += JSON.quoted(key) + ": "
                value.write(to: &out, indent: inner)
                out += index + 1 < members.count ? separator : close
            }
            out += "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let code = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - code.count) + code
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
