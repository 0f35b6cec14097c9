import NdisChimney

/// Writes characteristics images by hand for one ABI: offsets from the facts
/// (header at 0, Flags at 4, handlers from 8 at pointer stride), not from the
/// library's layout model, so the validator is tested against an independent
/// writer.
struct ImageBuilder {
    let abi: ABI
    var type: UInt8 = 0x8E
    var revision: UInt8 = 1
    var size: Int? = nil
    var flags: UInt32 = 0
    var addresses: [UInt64]
    var byteCount: Int? = nil

    init(abi: ABI) {
        self.abi = abi
        // Distinct pointer-wide patterns, one per entry point: 0x1111..., 0x2222..., up to 0x6666...
        let pattern: UInt64 = abi.pointerSize == 8 ? 0x1111_1111_1111_1111 : 0x1111_1111
        addresses = (1...6).map { UInt64($0) * pattern }
    }

    /// The revision-1 size on this ABI: 8 + six pointers.
    var revision1Size: Int { 8 + 6 * abi.pointerSize }

    var bytes: [UInt8] {
        let declared = size ?? revision1Size
        var out = [UInt8](repeating: 0, count: max(byteCount ?? declared, revision1Size))
        out[0] = type
        out[1] = revision
        out[2] = UInt8(truncatingIfNeeded: declared)
        out[3] = UInt8(truncatingIfNeeded: declared >> 8)
        for index in 0..<4 { out[4 + index] = UInt8(truncatingIfNeeded: flags >> (8 * UInt32(index))) }
        for (entry, address) in addresses.enumerated() {
            for byte in 0..<abi.pointerSize {
                out[8 + entry * abi.pointerSize + byte] = UInt8(truncatingIfNeeded: address >> (8 * UInt64(byte)))
            }
        }
        return Array(out.prefix(byteCount ?? declared))
    }
}
