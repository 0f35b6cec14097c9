/// Bounds-checked little-endian reads from the bytes of a structure laid out
/// for one ABI. Every Windows ABI is little-endian; a field that does not
/// lie wholly inside the buffer reads as nil, so no read ever leaves it.
struct RawImage {
    let bytes: UnsafeRawBufferPointer

    /// The unsigned value of `size` bytes at `offset`, or nil when they are
    /// not wholly inside the buffer.
    func unsigned(at offset: Int, size: Int) -> UInt64? {
        precondition(size <= 8, "a scalar is at most 8 bytes")
        guard offset >= 0, size <= bytes.count, offset <= bytes.count - size else { return nil }
        var value: UInt64 = 0
        for index in stride(from: offset + size - 1, through: offset, by: -1) {
            value = value << 8 | UInt64(bytes[index])
        }
        return value
    }
}
