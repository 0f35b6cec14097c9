import CNdisChimneyPlatform
import Synchronization

// What the control path asks of the hot paths' tables: to wait for a slot to
// drain, which bindings this thread is inside, whether anything is in flight
// at all, and how far the bindings in use reach.

extension RegistryTables {
    /// Waits until nothing is in flight in a slot whose close bit the caller
    /// has set (`isDrained`: for a binding, no handler running and no offload
    /// request outstanding), or until `deadline` (CLOCK_MONOTONIC) passes;
    /// true when it drained. Calls already in the slot are waited for; any
    /// that starts now is refused at once and takes its 1 back. A short spin
    /// first, for calls that return within microseconds; then the thread
    /// sleeps (CloseWaiters), using no CPU however long they run.
    func waitForRundown(
        in slot: UnsafeRawPointer, state: borrowing SlotState, isDrained: () -> Bool, until deadline: timespec?
    ) -> Bool {
        for _ in 0..<Self.spins where isDrained() { return true }
        return header.pointee.waiters.wait(in: slot, state: state, until: isDrained, deadline: deadline)
    }

    /// How many times a close looks at the slot before it sleeps.
    private static var spins: Int { 128 }

    /// Whether this thread is running a handler of the binding `handle`
    /// names, or running one further up its stack: among the sixteen
    /// innermost bindings it has entered (ndischimney_platform.h).
    func isEnteredByThisThread(_ handle: UInt) -> Bool {
        enteredByThisThread { $0 == handle }
    }

    /// Whether this thread is running a handler of any binding of this
    /// registry (of the sixteen innermost it has entered), including one
    /// whose close has begun.
    func isAnyEnteredByThisThread() -> Bool {
        enteredByThisThread { isHeldBinding($0) }
    }

    /// Whether any binding this thread has entered (of the sixteen innermost)
    /// or left with longjmp into an enclosing handler (of the last four)
    /// passes `test`.
    private func enteredByThisThread(_ test: (UInt) -> Bool) -> Bool {
        let depth = ndis_chimney_entered_depth()
        let known = min(depth, UInt32(NDIS_CHIMNEY_ENTERED_SLOTS))
        for level in depth - known..<depth where test(UInt(ndis_chimney_entered_at(level))) { return true }
        let abandoned = ndis_chimney_abandoned_count()
        let remembered = min(abandoned, UInt32(NDIS_CHIMNEY_ABANDONED_SLOTS))
        for index in abandoned - remembered..<abandoned where test(UInt(ndis_chimney_abandoned_at(index))) {
            return true
        }
        return false
    }

    /// How many calls are in flight in all the registry's bindings and
    /// adapters, and offload requests outstanding.
    func callsInFlight() -> UInt {
        var total: UInt = 0
        for index in 0..<Int(header.pointee.limit) {
            let binding = slot(at: UInt(index) << UInt(HandleBits.slotShift))
            total &+= binding.pointee.state.inFlight &+ binding.pointee.outstanding.load(ordering: .acquiring)
        }
        for index in 0..<Int(header.pointee.adapterLimit) {
            total &+= adapter(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.state.inFlight
        }
        return total
    }

    /// Notes that binding slot `index` is in use, so that event indications
    /// look that far. Callers hold the control lock (the only writer).
    func noteBindingInUse(_ index: Int) {
        let reach = UInt(index + 1)
        if header.pointee.bindingsInUse.load(ordering: .relaxed) < reach {
            header.pointee.bindingsInUse.store(reach, ordering: .releasing)
        }
    }
}
