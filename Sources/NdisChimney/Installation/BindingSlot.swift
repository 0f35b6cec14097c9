import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One binding's slot in a registry: its state word (see HandleBits), its
/// ProtocolBindingContext and its driver's entry points. One cache line, so
/// dispatchers of different bindings never contend.
///
/// Rundown protection, as Windows' ExAcquireRundownProtection does it: a
/// dispatch adds one to the in-flight count and, in the same atomic step,
/// learns whether the binding is open under the generation its handle names.
/// Closing clears the open bit and then waits for the count to drain, so once
/// close returns no completion reaches the binding. `context` and `driver`
/// are written only while the slot is closed and drained, and published by
/// the release that opens it; a dispatcher reads them only after an acquire
/// that saw it open.
@usableFromInline
struct BindingSlot: ~Copyable {
    @usableFromInline let state = Atomic<UInt>(0)
    @usableFromInline var context: UnsafeMutableRawPointer? = nil
    @usableFromInline var driver: UnsafeMutablePointer<EntryPointTable>
    private let padding: (UInt, UInt, UInt, UInt, UInt) = (0, 0, 0, 0, 0)

    init(driver: UnsafeMutablePointer<EntryPointTable>) { self.driver = driver }

    /// Enters a dispatch on the binding `handle` names. True when it is open
    /// under that handle; the caller must `exit()` in either case.
    @inlinable
    func enter(_ handle: UInt) -> Bool {
        let before = state.wrappingAdd(HandleBits.inFlightUnit, ordering: .acquiring).oldValue
        return (before ^ handle) & HandleBits.identityMask == 0
    }

    /// Leaves a dispatch entered with `enter`.
    @inlinable
    func exit() {
        state.wrappingSubtract(HandleBits.inFlightUnit, ordering: .releasing)
    }

    /// Opens the slot under `handle`, keeping any in-flight count (stale
    /// dispatchers may be passing through). The caller wrote `context` and
    /// `driver` first.
    func open(_ handle: UInt) {
        var current = state.load(ordering: .relaxed)
        while true {
            let opened = current & HandleBits.inFlightMask | HandleBits.identity(of: handle)
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: opened, ordering: .releasing)
            if exchanged { return }
            current = original
        }
    }

    /// Closes the slot if `handle` still names it open. Returns false when it
    /// does not (stale or foreign handle). Callers serialize closers.
    func close(_ handle: UInt) -> Bool {
        var current = state.load(ordering: .relaxed)
        while true {
            guard (current ^ handle) & HandleBits.identityMask == 0 else { return false }
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: current & ~HandleBits.tag, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
    }

    /// Whether `handle` names this slot open right now.
    func isOpen(_ handle: UInt) -> Bool {
        (state.load(ordering: .acquiring) ^ handle) & HandleBits.identityMask == 0
    }

    /// Waits until no dispatch is in flight. Called after `close`, without
    /// the control lock held, so a handler may open or close other bindings.
    func waitForRundown() {
        while state.load(ordering: .acquiring) & HandleBits.inFlightMask != 0 {
            sched_yield()
        }
    }
}
