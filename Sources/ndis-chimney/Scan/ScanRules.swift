#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NdisChimney

/// What `scan` takes for a characteristics structure, for one ABI, applied
/// to a window of bytes (Docs/Forensics.md lists the rules):
/// - it starts at an offset aligned to the ABI's pointer size;
/// - `Header.Type` is 0x8E;
/// - the validator accepts it: Revision >= 1, the revision-1 size <= Size,
///   Size within the input, Flags 0;
/// - every entry point is NULL or a plausible address: on 64-bit ABIs a
///   canonical one (bits 63..47 all equal); on 32-bit ABIs any value.
///
/// The search skips non-candidates with `memchr` for the Type byte, and checks
/// a candidate in place with plain loads: nothing is allocated until a
/// candidate has passed every rule and the validator confirms it.
struct ScanRules {
    let abi: ABI
    /// `Header.Type` of the structure searched for.
    let type = NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue
    private let alignmentMask: Int
    private let minimumSize: Int
    private let flagsOffset: Int
    private let entryPointOffsets: [Int]

    init(abi: ABI) {
        let layout = StructureDescription.chimneyCharacteristics.layout(for: abi)
        self.abi = abi
        alignmentMask = abi.pointerSize - 1
        minimumSize = layout.revision1Size!
        flagsOffset = layout[field: "Flags"].offset
        entryPointOffsets = EntryPoint.allCases.map { layout[field: $0.fieldName].offset }
    }

    /// Calls `found` with the offset (into `window`) and validated structure
    /// of every match starting before `limit`. `window` must start at an input
    /// offset aligned to the pointer size; it holds the bytes after `limit`
    /// that a structure starting before it can claim (or the input ends there).
    func scan(
        _ window: UnsafeRawBufferPointer, limit: Int, _ found: (Int, Characteristics) -> Void
    ) {
        guard let base = window.baseAddress else { return }
        var position = 0
        while position < limit {
            guard let match = memchr(base + position, Int32(type), limit - position) else { return }
            let offset = base.distance(to: UnsafeRawPointer(match))
            guard offset & alignmentMask == 0 else {
                position = (offset | alignmentMask) + 1
                continue
            }
            position = offset + abi.pointerSize
            let available = window.count - offset
            guard passes(base + offset, available: available) else { continue }
            let size = Int(base.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).littleEndian)
            let bytes = UnsafeRawBufferPointer(start: base + offset, count: size)
            if case .success(let characteristics) = Characteristics.verdict(on: bytes, abi: abi) {
                found(offset, characteristics)
            }
        }
    }

    /// The rules, checked in place on the bytes at `start`.
    private func passes(_ start: UnsafeRawPointer, available: Int) -> Bool {
        guard available >= 4, start.load(fromByteOffset: 1, as: UInt8.self) != 0 else { return false }
        let size = Int(start.loadUnaligned(fromByteOffset: 2, as: UInt16.self).littleEndian)
        guard size >= minimumSize, size <= available,
            start.loadUnaligned(fromByteOffset: flagsOffset, as: UInt32.self) == 0
        else { return false }
        guard abi.pointerSize == 8 else { return true }
        return entryPointOffsets.allSatisfy { offset in
            Self.isCanonical(start.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
        }
    }

    /// A 64-bit address is canonical when bits 63..47 are all equal: user
    /// space below 0x0000800000000000, kernel space from 0xffff800000000000.
    static func isCanonical(_ address: UInt64) -> Bool {
        let top = address >> 47
        return top == 0 || top == 0x1ffff
    }
}
