import Synchronization

/// One registered driver's entry points (six for a protocol driver's
/// completion handlers, five for a miniport driver's provider handlers), as
/// every one of its bindings' or adapters' callers reads them: two copies
/// and a version whose low bit says which copy is current. (The registry's
/// offload hook is kept in one too: its function and context.)
///
/// `NdisSetOptionalHandlers` (under the control lock, one writer at a time)
/// writes the copy that is not current, then publishes it by storing the
/// next version with release. It never waits for dispatchers.
///
/// A dispatcher reads the version (acquire), the one address it needs from
/// that version's copy, and the version again; it uses the address only if
/// the version has not moved, and otherwise reads again. The copy it read can
/// only be overwritten by the writer after next: that writer fences (release)
/// before its stores, so a dispatcher whose load saw one of them sees, after
/// its own acquire fence, a version that has moved on, and retries. So every
/// address a dispatcher uses was current at its second load, and as versions
/// only grow, each thread sees the sets of one driver in the order they were
/// installed, across all of its bindings, batches included: once a new entry
/// point, never an old one again, and never a mix. A dispatcher retries only
/// when a whole replacement completed during its three loads (lock-free; it
/// never waits for a writer that is not running).
@usableFromInline
struct DriverEntryPoints: ~Copyable {
    @usableFromInline let version = Atomic<UInt>(0)
    /// Copy `c`'s entry point `i` is element `c * count + i`.
    @usableFromInline let copies: InlineArray<12, Atomic<UInt>> = InlineArray { _ in Atomic(0) }

    /// How many entry points a set has.
    @inlinable static var count: Int { Int(NdisChimneyEntryPointCount.rawValue) }

    init() {}

    /// The current address of entry point `index` (0...5, checked by the
    /// caller); 0 for NULL.
    @inlinable @inline(__always)
    func address(_ index: Int) -> UInt {
        while true {
            let version = self.version.load(ordering: .acquiring)
            let copy = Int(bitPattern: version & 1) &* Self.count
            let address = copies[unchecked: copy &+ index].load(ordering: .relaxed)
            atomicMemoryFence(ordering: .acquiring)
            if self.version.load(ordering: .relaxed) == version { return address }
        }
    }

    /// The current addresses of entry points 0 and 1, read as one pair (the
    /// offload hook keeps its function and its context so): both from the
    /// same set.
    func firstPair() -> (UInt, UInt) {
        while true {
            let version = self.version.load(ordering: .acquiring)
            let copy = Int(bitPattern: version & 1) &* Self.count
            let pair = (
                copies[unchecked: copy].load(ordering: .relaxed), copies[unchecked: copy + 1].load(ordering: .relaxed)
            )
            atomicMemoryFence(ordering: .acquiring)
            if self.version.load(ordering: .relaxed) == version { return pair }
        }
    }

    /// Installs a new set, replacing the current one whole. Callers hold the
    /// control lock.
    func replace(with addresses: EntryPoints) {
        let next = version.load(ordering: .relaxed) &+ 1
        let copy = Int(bitPattern: next & 1) * Self.count
        // Orders the stores below after the publication of the current
        // copy (see the type's comment).
        atomicMemoryFence(ordering: .releasing)
        for index in 0..<Self.count {
            // Host addresses: 64 bits wide, as UInt is on the hosts the registry runs on.
            copies[unchecked: copy + index].store(UInt(truncatingIfNeeded: addresses[index]), ordering: .relaxed)
        }
        version.store(next, ordering: .releasing)
    }

    /// Installs the empty set: every entry point NULL.
    func clear() {
        replace(with: .allNull)
    }
}
