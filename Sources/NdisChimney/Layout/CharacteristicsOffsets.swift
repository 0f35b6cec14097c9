// Where the validator reads each field of a characteristics structure of one
// kind on one ABI: worked out from the kind and the ABI's pointer width with
// the same rule StructureLayout applies to the description (every field at
// the next multiple of its own size), in a few instructions per call.
// Nothing is looked up by name, no table is built, and nothing is computed
// on a first use: the library's C entry points allocate nothing and set
// nothing up after a registry's creation. `OffsetsTests` checks every offset
// here against the description's layout of every kind on every ABI and
// against the C compiler's on the host.

/// Where the validator reads each field of a characteristics structure of
/// one kind on one ABI, and the least Size it accepts.
///
/// All four structures start alike: the header, `Flags`, and for TCP an
/// `OffloadType`; then their entry points, pointer after pointer, to the end.
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
    /// `OffloadType`, a four-byte enumeration right after `Flags` (the TCP
    /// structures only).
    var offloadType: Int { flags + 4 }
    /// Which structure.
    let kind: CharacteristicsKind
    /// Bytes in each entry point: the ABI's pointer size, 4 or 8.
    let pointerSize: Int

    /// The offsets of `kind` (by default the client generic structure, the
    /// one `NdisChimneyValidateImage` validates) on `abi`.
    @inline(__always)
    init(_ abi: ABI, kind: CharacteristicsKind = .clientGeneric) {
        self.kind = kind
        pointerSize = abi.pointerSize
    }

    /// Entry point `index` (field order, from 0): the pointers follow the
    /// last scalar (`Flags` or `OffloadType`), from its end rounded up to the
    /// pointer size.
    @inline(__always)
    func entryPoint(_ index: Int) -> Int {
        let scalarsEnd = kind.hasOffloadType ? offloadType + 4 : flags + 4
        return (scalarsEnd + pointerSize - 1) & -pointerSize + index * pointerSize
    }

    /// The least `Header.Size` accepted: for the client structures
    /// `NDIS_SIZEOF_..._REVISION_1`, for the provider ones `sizeof` the
    /// structure. Both run through the last entry point, which ends every one
    /// of them (a pointer ends a structure aligned to pointers: no padding).
    var minimumSize: Int { entryPoint(kind.entryPointCount) }

    /// The entry points of `bytes`, which hold at least the least Size, in
    /// field order; little-endian, widened to 64 bits; the slots past the
    /// kind's count are 0. One test of the pointer width, then a load a
    /// pointer apart per entry point.
    @inline(__always)
    func entryPoints(in bytes: UnsafeRawBufferPointer) -> EntryPoints.Storage {
        let first = entryPoint(0)
        let count = kind.entryPointCount
        if pointerSize == 8 {
            return EntryPoints.Storage {
                $0 < count
                    ? UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: first &+ $0 &* 8, as: UInt64.self)) : 0
            }
        }
        return EntryPoints.Storage {
            $0 < count
                ? UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: first &+ $0 &* 4, as: UInt32.self)))
                : 0
        }
    }
}
