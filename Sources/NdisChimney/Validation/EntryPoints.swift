/// The six entry-point addresses of a characteristics structure, in field
/// order, 0 for NULL, each as wide as its ABI's pointers. Stored inline: a
/// value allocates nothing.
///
/// A random-access collection indexed 0 to 5, and by `EntryPoint`.
public struct EntryPoints: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The storage: one slot per `NDIS_CHIMNEY_ENTRY_POINT`. Its count is
    /// checked against `NdisChimneyEntryPointCount` by the tests, since a
    /// generic count must be a literal.
    typealias Storage = InlineArray<6, UInt64>

    private var storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    /// Six NULL entry points: what a newly registered driver has.
    static let allNull = EntryPoints(Storage(repeating: 0))

    /// The addresses `address` gives for each entry point, in field order.
    public init(_ address: (EntryPoint) -> UInt64) {
        storage = Storage { address(EntryPoint(rawValue: $0)!) }
    }

    /// 0.
    public var startIndex: Int { 0 }
    /// `NdisChimneyEntryPointCount`: 6.
    public var endIndex: Int { Int(NdisChimneyEntryPointCount.rawValue) }

    /// The address at `position`, in field order.
    public subscript(position: Int) -> UInt64 { storage[position] }

    /// The address of one entry point, 0 for NULL.
    public subscript(entryPoint: EntryPoint) -> UInt64 { storage[entryPoint.rawValue] }

    /// Whether both hold the same six addresses.
    public static func == (lhs: EntryPoints, rhs: EntryPoints) -> Bool {
        lhs.indices.allSatisfy { lhs.storage[$0] == rhs.storage[$0] }
    }

    /// Hashes the six addresses in order.
    public func hash(into hasher: inout Hasher) {
        for index in indices { hasher.combine(storage[index]) }
    }

    /// The addresses in lower-case hexadecimal, as everything else here
    /// prints them, for example `[0x0, 0x401000, ...]`.
    public var description: String {
        "[" + map { hex($0) }.joined(separator: ", ") + "]"
    }
}
