import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One binding's slot in a registry: its state word (see HandleBits), its
/// ProtocolBindingContext and its own copy of its driver's six entry points.
/// One 64-byte cache line (HandleBits.slotShift), so a dispatch touches one
/// line, dispatchers of different bindings never contend, and a handle holds
/// its slot's byte offset.
///
/// Rundown protection, as Windows' ExAcquireRundownProtection does it: a
/// dispatch adds one to the in-flight count and, in the same atomic step,
/// learns whether the binding is open under the generation its handle names.
/// Closing clears the open bit and then waits for the count to drain, so once
/// close returns no completion reaches the binding. `context` is written
/// only while the slot is closed and drained, and published by the release
/// that opens it; a dispatcher reads it only after an acquire that saw it open.
///
/// Replacing the entry points (NdisSetOptionalHandlers) sets the state's
/// `replacing` bit, stores the six addresses with release, and clears the bit
/// with release. A dispatcher that finds the bit set steps back and waits for
/// it to clear; one that entered before it was set reads one address (with
/// acquire) that is wholly old or wholly new. Because every binding of the
/// driver is marked before any is written and unmarked only after all are,
/// no thread can see a new entry point and then an old one: the set is
/// replaced whole. The writer never waits for dispatchers.
@usableFromInline
struct BindingSlot: ~Copyable {
    @usableFromInline let state = Atomic<UInt>(0)
    @usableFromInline var context: UnsafeMutableRawPointer? = nil
    @usableFromInline let entries: InlineArray<6, Atomic<UInt>> = InlineArray { _ in Atomic(0) }

    init() {}

    /// Enters a dispatch on the binding `handle` names. True when it is open
    /// under that handle and the caller must `exit()` after its calls; false
    /// when it is not, and nothing is left to undo.
    @inlinable
    func enter(_ handle: UInt) -> Bool {
        let found = beginEntering()
        if HandleBits.matches(found, handle) { return true }
        return enterAfterMismatch(handle, found: found)
    }

    /// The fast half of `enter`: adds one dispatch in flight and returns the
    /// state word it found. When that does not match the handle, the caller
    /// must finish with `enterAfterMismatch`.
    @inlinable
    func beginEntering() -> UInt {
        state.wrappingAdd(HandleBits.inFlightUnit, ordering: .acquiring).oldValue
    }

    /// Leaves a dispatch entered with `enter`.
    @inlinable
    func exit() {
        state.wrappingSubtract(HandleBits.inFlightUnit, ordering: .releasing)
    }

    /// The address of entry point `index` (0...5, checked by the caller);
    /// 0 for NULL. Only between `enter` and `exit`.
    @inlinable
    func entry(_ index: Int) -> UInt {
        entries[unchecked: index].load(ordering: .acquiring)
    }

    /// The slow path of `enter`, kept out of line so the fast path stays
    /// small: undo the add; if the binding is only being given new entry
    /// points, wait for that and try again. True once entered.
    @usableFromInline @inline(never)
    func enterAfterMismatch(_ handle: UInt, found: UInt) -> Bool {
        var found = found
        while true {
            exit()
            guard (found ^ handle) & HandleBits.identityMask == HandleBits.replacing else { return false }
            while state.load(ordering: .acquiring) & HandleBits.replacing != 0 { sched_yield() }
            found = beginEntering()
            if HandleBits.matches(found, handle) { return true }
        }
    }

    /// Stores a new set of entry points. Callers hold the control lock and
    /// have either not opened the slot yet or set `replacing`.
    func store(_ addresses: [UInt]) {
        for (index, address) in addresses.enumerated() {
            entries[unchecked: index].store(address, ordering: .releasing)
        }
    }

    /// Marks or unmarks the entry points as being replaced.
    func setReplacing(_ replacing: Bool) {
        if replacing {
            state.bitwiseOr(HandleBits.replacing, ordering: .acquiringAndReleasing)
        } else {
            state.bitwiseAnd(~HandleBits.replacing, ordering: .releasing)
        }
    }

    /// Opens the slot under `handle`, keeping any in-flight count (stale
    /// dispatchers may be passing through). The caller wrote `context` and
    /// the entry points first.
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
    /// does not (stale or foreign handle). Callers hold the control lock.
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
        (state.load(ordering: .acquiring) ^ handle) & HandleBits.identityMask & ~HandleBits.replacing == 0
    }

    /// Waits until no dispatch is in flight. Called after `close`, without
    /// the control lock held, so a handler may open or close other bindings.
    func waitForRundown() {
        while state.load(ordering: .acquiring) & HandleBits.inFlightMask != 0 {
            sched_yield()
        }
    }
}
