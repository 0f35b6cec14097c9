import Synchronization

/// One binding's slot in a registry: its state (SlotState), its
/// ProtocolBindingContext, its driver's entry points, the adapter it is
/// bound to and the offload requests it has outstanding there. Slots sit 64
/// bytes apart (one cache line each, HandleBits.slotShift), so dispatchers
/// of different bindings never contend and a handle holds its slot's
/// offset. Everything but `state` and `outstanding` is written only while
/// the slot is closed and drained (SlotState).
@usableFromInline
struct BindingSlot: ~Copyable {
    @usableFromInline let state = SlotState()
    @usableFromInline var context: UnsafeMutableRawPointer? = nil
    /// The entry points of the driver that opened the binding; valid while
    /// it is open (a driver cannot deregister with a binding open).
    @usableFromInline var driver: UnsafeMutablePointer<DriverEntryPoints>? = nil
    /// The adapter the binding is bound to, nil for none; valid while it is
    /// open or closing (an adapter cannot be removed with a binding bound).
    @usableFromInline var adapter: UnsafeMutablePointer<AdapterSlot>? = nil
    /// Offload requests passed to the adapter and not yet completed: a close
    /// waits for them too, as NDIS makes an unbind wait for them.
    @usableFromInline let outstanding = Atomic<UInt>(0)

    init() {}

    /// Whether no call is in flight and no request outstanding: what a close
    /// waits for, asked only once the slot is closing (no request enters).
    /// No call in flight means every request that entered before the close
    /// has counted itself; a completion that enters between the two loads
    /// and takes the last count is still delivering when this answers true,
    /// which is why the close then retires the slot's generation and waits
    /// again for the calls in flight (RegistryCore.closeBinding).
    var isDrained: Bool { state.inFlight == 0 && outstanding.load(ordering: .acquiring) == 0 }

    /// Takes one outstanding request for a completion; false (taking
    /// nothing) when none is outstanding, as for a request completed twice.
    @inlinable
    func takeOutstanding() -> Bool {
        var current = outstanding.load(ordering: .relaxed)
        while current != 0 {
            let (exchanged, found) = outstanding.compareExchange(
                expected: current, desired: current - 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = found
        }
        return false
    }
}
