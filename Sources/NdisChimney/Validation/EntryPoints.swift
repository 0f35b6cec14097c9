/// The entry-point addresses of a characteristics structure, in field order,
/// 0 for NULL, each as wide as its ABI's pointers: six for the client
/// structures, five for the provider ones. Stored inline: a value allocates
/// nothing.
///
/// A random-access collection indexed from 0 to its count, and by
/// `EntryPoint` (the client generic structure's six). The storage always has
/// six slots; those past the count hold 0, and reading one gives 0.
public struct EntryPoints: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The storage: one slot per `NDIS_CHIMNEY_ENTRY_POINT`, the most entry
    /// points a structure has. Its count is checked against
    /// `NdisChimneyEntryPointCount` by the tests, since a generic count must
    /// be a literal.
    typealias Storage = InlineArray<6, UInt64>

    private var storage: Storage

    /// How many of the slots the structure has: 6 or 5.
    public let endIndex: Int

    /// Entry points from `storage`, of which the first `count` are the
    /// structure's (the rest are 0).
    init(_ storage: Storage, count: Int = Storage.count) {
        self.storage = storage
        endIndex = count
    }

    /// Six NULL entry points: what a newly registered driver has.
    static let allNull = EntryPoints(Storage(repeating: 0))

    /// The addresses `address` gives for each entry point of the client
    /// generic structure, in field order.
    public init(_ address: (EntryPoint) -> UInt64) {
        storage = Storage { address(EntryPoint(rawValue: $0)!) }
        endIndex = Storage.count
    }

    /// 0.
    public var startIndex: Int { 0 }

    /// The address at `position`, in field order; 0 past the structure's
    /// entry points, up to the sixth slot.
    public subscript(position: Int) -> UInt64 { storage[position] }

    /// The address of one entry point of the client generic structure, 0
    /// for NULL.
    public subscript(entryPoint: EntryPoint) -> UInt64 { storage[entryPoint.rawValue] }

    /// Whether both hold the same number of addresses, and the same ones.
    public static func == (lhs: EntryPoints, rhs: EntryPoints) -> Bool {
        lhs.count == rhs.count && lhs.indices.allSatisfy { lhs.storage[$0] == rhs.storage[$0] }
    }

    /// Hashes the count and the addresses in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for index in indices { hasher.combine(storage[index]) }
    }

    /// The addresses in lower-case hexadecimal, as everything else here
    /// prints them, for example `[0x0, 0x401000, ...]`.
    public var description: String {
        "[" + map { hex($0) }.joined(separator: ", ") + "]"
    }
}
