/// Where a one-line message is written, a byte at a time: a String being
/// built for Swift callers, or a C caller's fixed buffer. Messages are
/// written through a sink rather than built as Strings, so that the C entry
/// points write one straight into the caller's buffer, allocating nothing;
/// both kinds of caller get the same text from the same code.
protocol MessageSink {
    /// Appends one byte of UTF-8.
    mutating func append(_ byte: UInt8)
}

extension MessageSink {
    /// Appends constant text.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes in
            for byte in bytes { append(byte) }
        }
    }

    /// Appends `value` in decimal, with a `-` when negative.
    mutating func append(decimal value: some BinaryInteger) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDigits(of: UInt64(value.magnitude), radix: 10, minimumCount: 1)
    }

    /// Appends `0x` and `value` in lower-case hexadecimal, zero-padded to
    /// `digits` (as WinDbg prints values and offsets: `0xc000000d`, `0x01c`).
    mutating func append(hex value: some BinaryInteger, digits: Int = 1) {
        append("0x")
        appendDigits(of: UInt64(truncatingIfNeeded: value), radix: 16, minimumCount: digits)
    }

    /// The digits of `value`, most significant first, at least
    /// `minimumCount` of them (zero-padded), built in a fixed buffer.
    private mutating func appendDigits(of value: UInt64, radix: UInt64, minimumCount: Int) {
        var digits = InlineArray<64, UInt8>(repeating: UInt8(ascii: "0"))
        var rest = value
        var count = 0
        repeat {
            let digit = UInt8(truncatingIfNeeded: rest % radix)
            digits[count] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            rest /= radix
            count += 1
        } while rest != 0
        for index in stride(from: max(count, min(minimumCount, digits.count)) - 1, through: 0, by: -1) {
            append(digits[index])
        }
    }
}

/// A message built as a String, for `description`s and the tool.
struct StringSink: MessageSink {
    private var bytes: [UInt8] = []

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text `write` writes.
    static func text(_ write: (inout StringSink) -> Void) -> String {
        var sink = StringSink()
        write(&sink)
        return sink.text
    }
}

/// A message written into a C caller's buffer of `capacity` bytes (at least
/// 1) as one NUL-terminated line, truncated if need be.
struct BufferSink: MessageSink {
    private let buffer: UnsafeMutablePointer<CChar>
    private let capacity: UInt
    private var count: UInt = 0

    /// A sink over `capacity` bytes at `buffer`; `capacity` must be at least 1.
    init(_ buffer: UnsafeMutablePointer<CChar>, capacity: UInt) {
        self.buffer = buffer
        self.capacity = capacity
        buffer[0] = 0
    }

    /// Stores the byte and a NUL after it while there is room for both, so
    /// the buffer holds a terminated line after every call.
    mutating func append(_ byte: UInt8) {
        guard count < capacity - 1 else { return }
        buffer[Int(count)] = CChar(bitPattern: byte)
        count += 1
        buffer[Int(count)] = 0
    }
}
