import Synchronization

/// One binding's slot in a registry: its state word (see HandleBits), its
/// ProtocolBindingContext and its driver's entry points. Slots sit 64 bytes
/// apart (one cache line each, HandleBits.slotShift), so dispatchers of
/// different bindings never contend and a handle holds its slot's offset.
///
/// Rundown protection, as Windows' ExAcquireRundownProtection does it: a
/// dispatch adds one to the in-flight count and, in the same atomic step,
/// learns whether the binding is open under the generation its handle names.
/// Closing sets the closed bit (an atomic step on the same word, so every
/// dispatch is ordered before or after it) and then waits for the count to
/// drain (BindingTable.waitForRundown), so once close returns no completion
/// reaches the binding. `context` and `driver` are written only while the
/// slot is closed and drained, and published by the release that opens it;
/// a dispatcher reads them only after an acquire that saw it open.
@usableFromInline
struct BindingSlot: ~Copyable {
    @usableFromInline let state = Atomic<UInt>(HandleBits.closed)
    @usableFromInline var context: UnsafeMutableRawPointer? = nil
    /// The entry points of the driver that opened the binding; valid while
    /// it is open (a driver cannot deregister with a binding open).
    @usableFromInline var driver: UnsafeMutablePointer<DriverEntryPoints>? = nil

    init() {}

    /// Adds one dispatch in flight and returns the state word it found.
    @inlinable
    func beginEntering() -> UInt {
        state.wrappingAdd(1, ordering: .acquiring).oldValue
    }

    /// The dispatches in flight now.
    var inFlight: UInt { state.load(ordering: .acquiring) & HandleBits.inFlightMask }

    /// Whether the slot was last opened under the generation `handle` names,
    /// open or closing: `handle` is the binding that holds it.
    func isHeld(by handle: UInt) -> Bool {
        (state.load(ordering: .acquiring) ^ handle) & HandleBits.generationMask == 0
    }

    /// Opens the slot under `generation`, keeping the in-flight count (stale
    /// dispatchers may be passing through) and clearing the closed and
    /// close-waiting bits. The caller wrote `context` and `driver` first,
    /// while the slot was closed and drained.
    func open(generation: UInt) {
        var current = state.load(ordering: .relaxed)
        while true {
            let opened = current & HandleBits.inFlightMask | generation << UInt(HandleBits.generationShift)
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: opened, ordering: .releasing)
            if exchanged { return }
            current = original
        }
    }

    /// Closes the slot: from now on every dispatch is refused. Callers hold
    /// the control lock and have checked that the slot is open.
    func close() {
        state.bitwiseOr(HandleBits.closed, ordering: .acquiringAndReleasing)
    }
}
