/// Reads the fuzzer's bytes one at a time; zeros once they run out.
struct ByteReader {
    var bytes: UnsafeRawBufferPointer
    var position = 0
    var isAtEnd: Bool { position >= bytes.count }
    mutating func next() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }
    mutating func next16() -> UInt16 { UInt16(next()) | UInt16(next()) << 8 }
    mutating func next32() -> UInt32 { UInt32(next16()) | UInt32(next16()) << 16 }
}
