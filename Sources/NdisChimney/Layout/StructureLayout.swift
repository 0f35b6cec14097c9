// C layout rules applied to a StructureDescription for one ABI: each field at
// the next multiple of its alignment, the structure padded to a multiple of
// its largest alignment. On every Windows ABI a scalar's alignment is its size.

/// Where one field lies in a structure on one ABI.
public struct FieldLayout: Hashable, Sendable {
    /// The WDK field name.
    public let name: String
    /// The WDK type spelling.
    public let typeName: String
    /// How the field is stored.
    public let storage: FieldStorage
    /// The C enumeration whose values the field holds, or nil.
    package let enumeration: EnumDescription?
    /// Bytes from the start of the structure.
    public let offset: Int
    /// Bytes the field occupies.
    public let size: Int
    /// Bytes of padding between the end of this field and the next field (or
    /// the end of the structure).
    public let paddingAfter: Int
}

/// A structure's complete layout on one ABI.
public struct StructureLayout: Hashable, Sendable {
    /// The WDK type name.
    public let name: String
    /// The ABI this layout is for.
    public let abi: ABI
    /// The fields in declaration order.
    public let fields: [FieldLayout]
    /// `sizeof` the structure.
    public let size: Int
    /// `alignof` the structure.
    public let alignment: Int
    /// The revision-1 size (`NDIS_SIZEOF_..._REVISION_1`), for structures
    /// that have one.
    public let revision1Size: Int?

    /// The field with this WDK name. Field names are fixed by the
    /// description, so asking for a name it does not have is a programming
    /// error.
    public subscript(field name: String) -> FieldLayout {
        guard let field = fields.first(where: { $0.name == name }) else {
            preconditionFailure("\(self.name) has no field \(name)")
        }
        return field
    }
}

extension StructureDescription {
    /// The layout of this structure on `abi`.
    public func layout(for abi: ABI) -> StructureLayout {
        var placed: [(field: FieldDescription, offset: Int, size: Int)] = []
        var end = 0
        var alignment = 1
        for field in fields {
            let (size, fieldAlignment) = field.storage.sizeAndAlignment(on: abi)
            let offset = end.roundedUp(to: fieldAlignment)
            placed.append((field, offset, size))
            end = offset + size
            alignment = max(alignment, fieldAlignment)
        }
        let size = end.roundedUp(to: alignment)
        var laidOut: [FieldLayout] = []
        for (index, entry) in placed.enumerated() {
            let next = index + 1 < placed.count ? placed[index + 1].offset : size
            laidOut.append(
                FieldLayout(
                    name: entry.field.name, typeName: entry.field.typeName,
                    storage: entry.field.storage, enumeration: entry.field.enumeration, offset: entry.offset,
                    size: entry.size,
                    paddingAfter: next - entry.offset - entry.size))
        }
        let revision1Size = revision1LastField.map { last in
            laidOut.first(where: { $0.name == last }).map { $0.offset + $0.size }!
        }
        return StructureLayout(
            name: name, abi: abi, fields: laidOut, size: size, alignment: alignment,
            revision1Size: revision1Size)
    }
}

extension FieldStorage {
    /// Size and alignment of a value stored this way on `abi`.
    func sizeAndAlignment(on abi: ABI) -> (size: Int, alignment: Int) {
        switch self {
        case .unsigned(let bytes), .signed(let bytes):
            return (bytes, bytes)
        case .pointer:
            return (abi.pointerSize, abi.pointerSize)
        case .structure(let description):
            let layout = description.layout(for: abi)
            return (layout.size, layout.alignment)
        case .pointerArray(let count):
            return (abi.pointerSize * count, abi.pointerSize)
        }
    }
}

extension Int {
    fileprivate func roundedUp(to alignment: Int) -> Int {
        (self + alignment - 1) / alignment * alignment
    }
}
