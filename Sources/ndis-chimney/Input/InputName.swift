#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NdisChimney

/// The input the user named: `-` for standard input, or a path exactly as
/// the command line gave its bytes.
///
/// ArgumentParser sees the arguments as Strings, in which invalid UTF-8 has
/// become U+FFFD: opening that String would open another file (or none). So
/// the path is taken from the argument's own bytes in `CommandLine.unsafeArgv`.
struct InputName {
    /// The path's bytes, NUL-terminated, to open; empty for standard input.
    let path: [CChar]
    /// The name for messages: the path with control characters, invisible
    /// format characters, invalid UTF-8 and backslashes escaped, so that a
    /// message is one line of visible text whatever the name holds.
    let display: String

    /// Whether this is `-`, standard input.
    var isStandardInput: Bool { path.isEmpty }

    /// The input named by the parsed argument `argument`.
    init(argument: String) throws(UsageFailure) {
        guard argument != "-" else {
            path = []
            display = "-"
            return
        }
        let bytes = try Self.commandLineBytes(of: argument)
        path = bytes.map { CChar(bitPattern: $0) } + [0]
        display = Self.escaped(bytes)
    }

    /// The bytes of the command-line argument that reads as `argument`.
    private static func commandLineBytes(of argument: String) throws(UsageFailure) -> [UInt8] {
        var matches: [[UInt8]] = []
        for index in 1..<Int(CommandLine.argc) {
            guard let entry = CommandLine.unsafeArgv[index], String(cString: entry) == argument else { continue }
            let bytes = Array(UnsafeBufferPointer(start: entry, count: strlen(entry))).map { UInt8(bitPattern: $0) }
            if !matches.contains(bytes) { matches.append(bytes) }
        }
        switch matches.count {
        case 0: return Array(argument.utf8)
        case 1: return matches[0]
        default:
            throw UsageFailure(
                "the file name \(escaped(Array(argument.utf8))) stands for \(matches.count) different names "
                    + "once their invalid UTF-8 is replaced; name the file another way (a link, a glob)")
        }
    }

    /// `bytes` as visible text: valid UTF-8 kept, except `\` as `\\`, the
    /// control characters as `\n`, `\t`, `\r` or `\xNN` (`\u{NNNN}` above
    /// ASCII), format and separator characters (bidirectional overrides) as
    /// `\u{NNNN}`, and each byte of invalid UTF-8 as `\xNN`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(lead: bytes[index])
            if index + length <= bytes.count,
                let text = String(validating: bytes[index..<index + length], as: UTF8.self),
                let scalar = text.unicodeScalars.first
            {
                out += escaped(scalar)
                index += length
            } else {
                out += "\\x" + hex(bytes[index], digits: 2).dropFirst(2)
                index += 1
            }
        }
        return out
    }

    /// How many bytes a UTF-8 sequence with this lead byte claims (1 for a
    /// byte that cannot lead one, which then fails validation alone).
    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0xc2...0xdf: 2
        case 0xe0...0xef: 3
        case 0xf0...0xf4: 4
        default: 1
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
            return scalar.value < 0x80
                ? "\\x" + hex(scalar.value, digits: 2).dropFirst(2) : "\\u{" + String(scalar.value, radix: 16) + "}"
        default:
            return String(scalar)
        }
    }
}

/// A command line the tool cannot act on, found after parsing: reported as
/// `ndis-chimney: MESSAGE`, exit status 2.
struct UsageFailure: ToolFailure {
    let message: String

    init(_ message: String) { self.message = message }
}
