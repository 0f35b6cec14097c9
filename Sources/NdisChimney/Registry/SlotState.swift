import Synchronization

/// The state word of a slot that dispatchers enter by handle (a binding's,
/// an adapter's): its generation, whether it is closed, whether a close
/// waits, and how many calls are in flight in it (HandleBits gives the
/// layout).
///
/// Rundown protection, as Windows' ExAcquireRundownProtection does it: a
/// call adds one to the in-flight count and, in the same atomic step, learns
/// whether the slot is open under the generation its handle names. Closing
/// sets the closed bit (an atomic step on the same word, so every call is
/// ordered before or after it) and then waits for the count to drain
/// (CloseWaiters), so once the close returns no call is in the slot. What
/// else the slot holds is written only while it is closed and drained, and
/// published by the release that opens it; a call reads it only after an
/// acquire that saw it open.
@usableFromInline
struct SlotState: ~Copyable {
    @usableFromInline let word = Atomic<UInt>(HandleBits.closed)

    init() {}

    /// Adds one call in flight and says whether the slot is open under the
    /// generation `handle` names (or, when `closing` is true, open or
    /// closing under it) with fewer than `limit` calls in flight. The one is
    /// added either way: a refused call must `leave` at once too.
    @inlinable @inline(__always)
    func enter(_ handle: UInt, limit: UInt, closing: Bool = false) -> Bool {
        let found = word.wrappingAdd(1, ordering: .acquiring).oldValue
        let mismatch = found ^ (handle & HandleBits.generationMask)
        return (closing ? mismatch & ~(HandleBits.closed | HandleBits.closeWaiting) : mismatch) < limit
    }

    /// Adds one call in flight and returns the state word it found (whose
    /// generation names the slot's handle) if the slot is open, under
    /// whatever generation, with fewer than `limit` calls in flight, else
    /// nil. The one is added either way, as with `enter`. For callers that
    /// look at every slot rather than come with a handle.
    func enterIfOpen(limit: UInt) -> UInt? {
        let found = word.wrappingAdd(1, ordering: .acquiring).oldValue
        return found & ~HandleBits.generationMask < limit ? found : nil
    }

    /// Takes back the one `enter` added; true when that was the last call in
    /// flight in a slot a close waits for, whose caller must then wake it
    /// (CloseWaiters.wake).
    @inlinable @inline(__always)
    func leave() -> Bool {
        let found = word.wrappingSubtract(1, ordering: .releasing).oldValue
        return found & (HandleBits.closeWaiting | HandleBits.inFlightMask) == HandleBits.closeWaiting | 1
    }

    /// The calls in flight now.
    var inFlight: UInt { word.load(ordering: .acquiring) & HandleBits.inFlightMask }

    /// Whether the slot was last opened under the generation `handle` names,
    /// open or closing: `handle` is the one that holds it.
    func isHeld(by handle: UInt) -> Bool {
        (word.load(ordering: .acquiring) ^ handle) & HandleBits.generationMask == 0
    }

    /// Whether `handle` names the slot open now (any calls in flight).
    func isOpen(under handle: UInt) -> Bool {
        (word.load(ordering: .acquiring) ^ (handle & HandleBits.generationMask)) & ~HandleBits.inFlightMask == 0
    }

    /// Opens the slot under `generation`, keeping the in-flight count (stale
    /// calls may be passing through) and clearing the closed and
    /// close-waiting bits. The caller wrote the rest of the slot first,
    /// while it was closed and drained.
    func open(generation: UInt) {
        var current = word.load(ordering: .relaxed)
        while true {
            let opened = current & HandleBits.inFlightMask | generation << UInt(HandleBits.generationShift)
            let (exchanged, original) = word.compareExchange(expected: current, desired: opened, ordering: .releasing)
            if exchanged { return }
            current = original
        }
    }

    /// Closes the slot: from now on every call is refused. Callers hold the
    /// control lock and have checked that the slot is open.
    func close() {
        word.bitwiseOr(HandleBits.closed, ordering: .acquiringAndReleasing)
    }

    /// Forgets the generation of a closed slot whose close is done, so that
    /// its old handle names nothing any more, not even a closing binding
    /// (which a completion still takes). The caller then waits for the calls
    /// that entered under the old generation before the slot is given out
    /// again.
    func retire() {
        word.bitwiseAnd(~HandleBits.generationMask, ordering: .acquiringAndReleasing)
    }

    /// Marks a close as waiting, so that the last call out wakes it.
    func markWaiting() {
        word.bitwiseOr(HandleBits.closeWaiting, ordering: .acquiringAndReleasing)
    }

    /// Clears the close-waiting mark, once the close it was for is woken or
    /// done, so that later refused calls do not wake anyone.
    func clearWaiting() {
        word.bitwiseAnd(~HandleBits.closeWaiting, ordering: .acquiringAndReleasing)
    }
}
