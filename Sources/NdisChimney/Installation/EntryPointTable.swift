import Synchronization

/// A driver's six entry points, replaced whole by NdisSetOptionalHandlers
/// while dispatchers may be reading them.
///
/// A sequence lock: the writer (one at a time, under the registry's control
/// lock) makes `sequence` odd, stores the six addresses, and makes it even
/// again with release ordering. A reader loads `sequence` (acquire), the
/// address it needs, then `sequence` again after an acquire fence, and tries
/// again if the two differ or were odd. A reader therefore always gets an
/// address from one complete set, never from a set half replaced, and neither
/// side allocates, locks or blocks the other. All fields are atomics, so no
/// access is a data race.
@usableFromInline
struct EntryPointTable: ~Copyable {
    @usableFromInline let sequence = Atomic<UInt>(0)
    @usableFromInline let addresses: InlineArray<6, Atomic<UInt>> = InlineArray { _ in Atomic(0) }

    init() {}

    /// The address of one entry point in the current set (0 for NULL).
    @inlinable
    func address(of entryPoint: EntryPoint) -> UInt {
        while true {
            let before = sequence.load(ordering: .acquiring)
            let address = addresses[unchecked: entryPoint.rawValue].load(ordering: .relaxed)
            atomicMemoryFence(ordering: .acquiring)
            if before & 1 == 0 && sequence.load(ordering: .relaxed) == before { return address }
        }
    }

    /// Replaces all six addresses. Callers serialize writers.
    func replace(with newAddresses: [UInt]) {
        precondition(newAddresses.count == 6)
        let before = sequence.load(ordering: .relaxed)
        sequence.store(before &+ 1, ordering: .relaxed)
        atomicMemoryFence(ordering: .releasing)
        for (index, address) in newAddresses.enumerated() {
            addresses[unchecked: index].store(address, ordering: .relaxed)
        }
        sequence.store(before &+ 2, ordering: .releasing)
    }
}
