// The characteristics layout of every ABI, computed once from the one
// description (StructureDescription.chimneyCharacteristics), and resolved into
// typed offsets for the validator: no field is looked up by name, and no
// offset is typed by hand, on a validation.

import Synchronization

/// Where the validator reads each field of the characteristics structure on
/// one ABI, and how far revision 1 runs.
struct CharacteristicsOffsets: Sendable {
    /// `Header.Type`, one byte.
    let type: Int
    /// `Header.Revision`, one byte.
    let revision: Int
    /// `Header.Size`, two bytes.
    let size: Int
    /// Bytes the header spans: fewer than this is a truncated header.
    let headerEnd: Int
    /// `Flags`, four bytes.
    let flags: Int
    /// `NDIS_SIZEOF_..._REVISION_1`: the size through the last entry point.
    let revision1Size: Int
    /// Bytes in each entry point: the ABI's pointer size, 4 or 8.
    let pointerSize: Int
    /// The six entry points, in field order.
    let entryPoints: InlineArray<6, Int>

    /// Resolves the offsets of `layout`, a characteristics layout. The widths
    /// the validator reads with are the description's, or this traps once,
    /// at start-up, rather than misread later.
    init(_ layout: StructureLayout) {
        let headerField = layout[field: "Header"]
        guard case .structure(let headerDescription) = headerField.storage else {
            preconditionFailure("Header is not a structure")
        }
        let header = headerDescription.layout(for: layout.abi)
        func scalar(_ field: FieldLayout, base: Int = 0, bytes: Int) -> Int {
            precondition(field.size == bytes, "\(field.name) is \(field.size) bytes, expected \(bytes)")
            return base + field.offset
        }
        type = scalar(header[field: "Type"], base: headerField.offset, bytes: 1)
        revision = scalar(header[field: "Revision"], base: headerField.offset, bytes: 1)
        size = scalar(header[field: "Size"], base: headerField.offset, bytes: 2)
        headerEnd = headerField.offset + headerField.size
        flags = scalar(layout[field: "Flags"], bytes: 4)
        pointerSize = layout.abi.pointerSize
        let pointerSize = pointerSize
        entryPoints = InlineArray { index in
            scalar(layout[field: EntryPoint(rawValue: index)!.fieldName], bytes: pointerSize)
        }
        revision1Size = layout.revision1Size!
        // Every read after the Size checks lies inside the revision-1 size.
        precondition(flags + 4 <= revision1Size && entryPoints[5] + pointerSize <= revision1Size)
    }

    /// Entry point `index` (field order) of `bytes`, which hold at least the
    /// revision-1 size; little-endian, widened to 64 bits.
    @inline(__always)
    func entryPoint(_ index: Int, in bytes: UnsafeRawBufferPointer) -> UInt64 {
        let offset = entryPoints[index]
        return pointerSize == 8
            ? UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            : UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }
}

/// The characteristics layout and offsets of each ABI, computed once.
enum CharacteristicsLayouts {
    /// Indexed by `ABI.Kind`'s raw value.
    private static let layouts = ABI.Kind.allCases.map {
        StructureDescription.chimneyCharacteristics.layout(for: ABI($0))
    }

    /// The validator's offsets, indexed by `ABI.Kind`'s raw value: one per
    /// kind (`resolve` checks the count, which a generic must spell as a literal).
    typealias Table = InlineArray<5, CharacteristicsOffsets>

    /// The address of the table once resolved (0 before): memory allocated
    /// on first use and never freed. A lazy global would cost every
    /// validation a call to `swift_once` and the registers saved around it;
    /// this atomic is statically initialized, so a validation reaches the
    /// table with one load. An address rather than a pointer, which is not
    /// `Sendable`: the table is immutable once published.
    private static let resolved = Atomic<UInt>(0)

    /// The full layout, for decoding every field.
    static func layout(for abi: ABI) -> StructureLayout { layouts[Int(abi.kind.rawValue)] }

    /// The validator's offsets.
    @inline(__always)
    static func offsets(for abi: ABI) -> CharacteristicsOffsets {
        (resolvedTable ?? resolve()).pointee[Int(abi.kind.rawValue)]
    }

    /// The table, or nil before its first use: for callers that keep the
    /// call to resolve it out of their own frame.
    @inline(__always)
    static var resolvedTable: UnsafePointer<Table>? {
        UnsafePointer(bitPattern: resolved.load(ordering: .acquiring))
    }

    /// Resolves the table, once per process: a thread that loses the race to
    /// publish its copy frees it and takes the winner's.
    @inline(never)
    static func resolve() -> UnsafePointer<Table> {
        precondition(Table.count == ABI.Kind.allCases.count, "one offsets entry per ABI")
        let table = UnsafeMutablePointer<Table>.allocate(capacity: 1)
        table.initialize(to: Table { CharacteristicsOffsets(layouts[$0]) })
        let address = UInt(bitPattern: table)
        let (won, found) = resolved.compareExchange(expected: 0, desired: address, ordering: .acquiringAndReleasing)
        if won { return UnsafePointer(table) }
        table.deinitialize(count: 1)
        table.deallocate()
        return UnsafePointer(bitPattern: found)!
    }
}
