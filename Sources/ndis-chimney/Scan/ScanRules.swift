#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NdisChimney

/// What `scan` takes for a characteristics structure of one kind, for one
/// ABI, applied to a window of bytes (Docs/Forensics.md lists the rules):
/// - `Header.Type` is the kind's (0x8E, 0x8F, 0x93 or 0x94);
/// - the validator accepts it as that kind: for a client structure
///   Revision >= 1, the least size <= Size, Size within the input, Flags 0,
///   for a TCP one OffloadType 1;
/// - it keeps the rules of `PlausibilityRules`: it starts at an offset
///   aligned to the ABI's pointer size, and on 64-bit ABIs every entry point
///   is NULL or canonical.
///
/// The search skips non-candidates with `memchr` for the Type byte, and checks
/// a candidate in place with plain loads: nothing is allocated until a
/// candidate has passed every rule and the validator confirms it.
struct ScanRules {
    let abi: ABI
    let kind: CharacteristicsKind
    private let plausibility: PlausibilityRules
    private let minimumSize: Int
    private let flagsOffset: Int
    /// `OffloadType`'s offset, for the TCP structures.
    private let offloadTypeOffset: Int?
    /// The entry points' offsets.
    private let pointerOffsets: [Int]

    init(abi: ABI, kind: CharacteristicsKind) {
        let layout = kind.structure.layout(for: abi)
        self.abi = abi
        self.kind = kind
        plausibility = PlausibilityRules(abi: abi)
        minimumSize = layout.revision1Size ?? layout.size
        flagsOffset = layout[field: "Flags"].offset
        offloadTypeOffset = layout.fields.first { $0.enumeration != nil }?.offset
        pointerOffsets = layout.fields.filter { $0.storage == .pointer }.map(\.offset)
    }

    /// Calls `found` with the offset (into `window`) and validated structure
    /// of every match starting before `limit`. `window` starts at input
    /// offset `start`; it holds the bytes after `limit` that a structure
    /// starting before it can claim (or the input ends there).
    func scan(
        _ window: UnsafeRawBufferPointer, from start: UInt64, limit: Int, _ found: (Int, Characteristics) -> Void
    ) {
        guard let base = window.baseAddress else { return }
        let pointerSize = abi.pointerSize
        let type = kind.objectType.rawValue
        var position = 0
        while position < limit {
            guard let match = memchr(base + position, Int32(type), limit - position) else { return }
            let offset = base.distance(to: UnsafeRawPointer(match))
            let misalignment = plausibility.misalignment(of: start + UInt64(offset))
            // The next offset that may hold a structure: the next aligned one.
            position = offset + pointerSize - misalignment
            guard misalignment == 0, passes(base + offset, available: window.count - offset) else { continue }
            let size = Int(base.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).littleEndian)
            let bytes = UnsafeRawBufferPointer(start: base + offset, count: size)
            if case .success(let characteristics) = Characteristics.verdict(on: bytes, abi: abi, kind: kind) {
                found(offset, characteristics)
            }
        }
    }

    /// The rules, checked in place on the bytes at `start`.
    private func passes(_ start: UnsafeRawPointer, available: Int) -> Bool {
        guard available >= 4, !kind.definesRevision1 || start.load(fromByteOffset: 1, as: UInt8.self) != 0 else {
            return false
        }
        let size = Int(start.loadUnaligned(fromByteOffset: 2, as: UInt16.self).littleEndian)
        guard size >= minimumSize, size <= available,
            start.loadUnaligned(fromByteOffset: flagsOffset, as: UInt32.self) == 0
        else { return false }
        if let offloadTypeOffset,
            UInt32(littleEndian: start.loadUnaligned(fromByteOffset: offloadTypeOffset, as: UInt32.self))
                != ChimneyOffloadType.tcp.rawValue
        {
            return false
        }
        return plausibility.entryPointsArePlausible(at: start, pointerOffsets: pointerOffsets)
    }
}
