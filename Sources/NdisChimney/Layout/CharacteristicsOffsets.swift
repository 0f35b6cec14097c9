// Where the validator reads each field of the characteristics structure on
// one ABI: worked out from the ABI's pointer width with the same rule
// StructureLayout applies to the description (every field at the next
// multiple of its own size), in a few instructions per call. Nothing is
// looked up by name, no table is built, and nothing is computed on a first
// use: the library's C entry points allocate nothing and set nothing up
// after a registry's creation. `OffsetsTests` checks every offset here
// against the description's layout on every ABI and against the C compiler's
// on the host.

/// Where the validator reads each field of the characteristics structure on
/// one ABI, and how far revision 1 runs.
struct CharacteristicsOffsets {
    /// `Header.Type`, one byte (NDIS_OBJECT_HEADER is laid out alike on
    /// every ABI: two UCHARs and a USHORT).
    var type: Int { 0 }
    /// `Header.Revision`, one byte.
    var revision: Int { 1 }
    /// `Header.Size`, two bytes.
    var size: Int { 2 }
    /// Bytes the header spans: fewer than this is a truncated header.
    var headerEnd: Int { 4 }
    /// `Flags`, a four-byte ULONG right after the header.
    var flags: Int { headerEnd }
    /// Bytes in each entry point: the ABI's pointer size, 4 or 8.
    let pointerSize: Int

    /// The offsets on `abi`.
    @inline(__always)
    init(_ abi: ABI) { pointerSize = abi.pointerSize }

    /// Entry point `index` (field order, 0...5): the pointers follow `Flags`,
    /// from its end rounded up to the pointer size.
    @inline(__always)
    func entryPoint(_ index: Int) -> Int {
        (flags + 4 + pointerSize - 1) & -pointerSize + index * pointerSize
    }

    /// `NDIS_SIZEOF_..._REVISION_1`: the size through the last entry point.
    var revision1Size: Int { entryPoint(EntryPoints.Storage.count - 1) + pointerSize }

    /// The entry points of `bytes`, which hold at least the revision-1 size,
    /// in field order; little-endian, widened to 64 bits. One test of the
    /// pointer width, then six loads a pointer apart.
    @inline(__always)
    func entryPoints(in bytes: UnsafeRawBufferPointer) -> EntryPoints.Storage {
        let first = entryPoint(0)
        if pointerSize == 8 {
            return EntryPoints.Storage {
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: first &+ $0 &* 8, as: UInt64.self))
            }
        }
        return EntryPoints.Storage {
            UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: first &+ $0 &* 4, as: UInt32.self)))
        }
    }
}
