import NdisChimney

/// Writes characteristics images by hand for one ABI and one kind: offsets
/// from the facts (header at 0, Flags at 4, a TCP structure's OffloadType at
/// 8; the entry points from 8, or for TCP from 12 with 32-bit pointers and 16
/// with 64-bit ones, at pointer stride), not from the library's layout model,
/// so the validator is tested against an independent writer.
struct ImageBuilder {
    let abi: ABI
    let kind: CharacteristicsKind
    var type: UInt8
    var revision: UInt8
    var size: Int? = nil
    var flags: UInt32 = 0
    /// A TCP structure's OffloadType: NdisTcpChimneyOffload, 1.
    var offloadType: UInt32 = 1
    var addresses: [UInt64]
    var byteCount: Int? = nil

    /// A valid image: the kind's Type, Revision 1 for a client structure and
    /// 0 for a provider one (as WDK samples register them), Size its least.
    init(abi: ABI, kind: CharacteristicsKind = .clientGeneric) {
        self.abi = abi
        self.kind = kind
        let facts: [CharacteristicsKind: (type: UInt8, revision: UInt8, entryPoints: Int)] = [
            .clientGeneric: (0x8E, 1, 6), .providerGeneric: (0x8F, 0, 5), .clientTCP: (0x93, 1, 6),
            .providerTCP: (0x94, 0, 5),
        ]
        let fact = facts[kind]!
        type = fact.type
        revision = fact.revision
        // Distinct pointer-wide patterns, one per entry point: 0x1111..., 0x2222..., and so on.
        let pattern: UInt64 = abi.pointerSize == 8 ? 0x1111_1111_1111_1111 : 0x1111_1111
        addresses = (1...fact.entryPoints).map { UInt64($0) * pattern }
    }

    /// Where the first entry point is.
    var firstEntryPoint: Int { kind.hasOffloadType ? (abi.pointerSize == 8 ? 16 : 12) : 8 }

    /// The least Size on this ABI: through the last entry point.
    var minimumSize: Int { firstEntryPoint + addresses.count * abi.pointerSize }

    var bytes: [UInt8] {
        let declared = size ?? minimumSize
        var out = [UInt8](repeating: 0, count: max(byteCount ?? declared, minimumSize))
        out[0] = type
        out[1] = revision
        out[2] = UInt8(truncatingIfNeeded: declared)
        out[3] = UInt8(truncatingIfNeeded: declared >> 8)
        for index in 0..<4 { out[4 + index] = UInt8(truncatingIfNeeded: flags >> (8 * UInt32(index))) }
        if kind.hasOffloadType {
            for index in 0..<4 { out[8 + index] = UInt8(truncatingIfNeeded: offloadType >> (8 * UInt32(index))) }
        }
        for (entry, address) in addresses.enumerated() {
            for byte in 0..<abi.pointerSize {
                out[firstEntryPoint + entry * abi.pointerSize + byte] = UInt8(
                    truncatingIfNeeded: address >> (8 * UInt64(byte)))
            }
        }
        return Array(out.prefix(byteCount ?? declared))
    }
}
