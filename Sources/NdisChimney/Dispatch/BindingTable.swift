import CNdisChimneyPlatform
import Synchronization

// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: the handle's constant bits and slot index checked in one
// comparison (HandleBits.slotOffset); one atomic add that both registers the
// dispatch and reads the binding's state, whose generation, open bit and
// in-flight count one more comparison checks (rundown protection, see
// BindingSlot); the binding noted in this thread's list of entered bindings
// (a thread-local store, so that a handler's own thread can be told from
// the others when it tries to close its binding); the entry point read from
// its driver's current set (three loads, see DriverEntryPoints); the call;
// one atomic subtract, and a test of what it found for a close waiting. No
// allocation, no reference counting (only unsafe pointers and `let`s are
// touched), no lock, no wait, no exclusivity check, and no work that grows
// with the number of bindings. The fast path is @inlinable so that a caller
// in another module compiles it in place; the rare paths are out of line.

/// A registry's binding slots and what a dispatcher checks a handle against,
/// seen through one pointer: the Swift `ProtocolRegistry` and the C entry
/// points hold the same one, and both dispatch through the methods below.
/// One word, so that a batch keeps it in one register across its handler
/// calls and reads the limits from memory only when it enters a binding.
///
/// `@unchecked Sendable`: the header is written once, at creation, and
/// what follows it is read by dispatchers only as BindingSlot describes
/// (atomics, and fields written only while no dispatcher can read them).
@frozen @usableFromInline
struct BindingTable: @unchecked Sendable {
    /// The memory: this header in the first 64 bytes, then binding slot `i`
    /// at byte `64 + i << HandleBits.slotShift` (RegistryStorage).
    @usableFromInline let header: UnsafeMutablePointer<Header>

    /// What a handle is checked against, fixed at creation.
    @usableFromInline
    struct Header {
        /// The number of slots, as a handle's index is compared with it.
        @usableFromInline let limit: UInt
        /// The bits every binding handle of the registry has (HandleBits).
        @usableFromInline let constantBits: UInt
        /// Dispatches in flight on one binding at most (HandleBits).
        @usableFromInline let inFlightLimit: UInt
        /// Where closes sleep while handlers run.
        @usableFromInline let waiters: CloseWaiters
    }

    /// Bytes before slot 0: the header's cache line.
    @inlinable static var headerBytes: Int { 1 << HandleBits.slotShift }

    init(_ header: UnsafeMutablePointer<Header>) { self.header = header }

    /// Delivers one completion of entry point `index` (0...5, checked by the
    /// caller) to the binding `handle` names; see
    /// `ProtocolRegistry.dispatch(_:to:blockList:indicationCode:)`.
    @inlinable
    func dispatch(
        entryIndex index: Int, to handle: UInt, blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?,
        indicationCode: ULONG
    ) -> DispatchResult {
        guard let slot = enter(handle) else { return refusal(of: handle) }
        let entry = ndis_chimney_enter(handle)
        let delivered = deliver(index, on: slot, blockList: blockList, indicationCode: indicationCode)
        ndis_chimney_leave(entry)
        leave(slot)
        return delivered ? .delivered : .noEntryPoint
    }

    /// Delivers each completion in order and returns how many were
    /// delivered; see `ProtocolRegistry.dispatch(batch:)`. Each run of
    /// consecutive completions for one binding is one entry into it: the
    /// inner loop, which keeps only the run's slot and handle besides its
    /// position, delivers them.
    @inlinable
    func dispatch(batch completions: UnsafeBufferPointer<Completion>) -> Int {
        guard var completion = completions.baseAddress else { return 0 }
        let end = completion + completions.count
        var delivered = 0
        while completion < end {
            let handle = UInt(bitPattern: completion.pointee.BindingHandle)
            guard let slot = enter(handle) else {
                // Refused: so is the rest of the run.
                repeat {
                    completion += 1
                } while completion < end && UInt(bitPattern: completion.pointee.BindingHandle) == handle
                continue
            }
            let entry = ndis_chimney_enter(handle)
            repeat {
                if completion.pointee.EntryPoint < ULONG(DriverEntryPoints.count),
                    deliver(
                        Int(completion.pointee.EntryPoint), on: slot, blockList: completion.pointee.OffloadBlockList,
                        indicationCode: completion.pointee.IndicationCode)
                {
                    delivered &+= 1
                }
                completion += 1
            } while completion < end && UInt(bitPattern: completion.pointee.BindingHandle) == handle
            ndis_chimney_leave(entry)
            leave(slot)
        }
        return delivered
    }

    /// Enters the binding `handle` names: its slot, which the caller must
    /// `leave`, or nil (with nothing to undo) when the handle is not exactly
    /// one given out for a binding open now, or the binding has
    /// `inFlightLimit` dispatches in flight.
    @inlinable @inline(__always)
    func enter(_ handle: UInt) -> UnsafeMutablePointer<BindingSlot>? {
        guard
            let offset = HandleBits.slotOffset(
                of: handle, constantBits: header.pointee.constantBits, capacity: header.pointee.limit)
        else { return nil }
        let slot = slot(at: offset)
        let found = slot.pointee.beginEntering()
        guard found ^ (handle & HandleBits.generationMask) < header.pointee.inFlightLimit else {
            leave(slot)
            return nil
        }
        return slot
    }

    /// Takes back the one `enter` added, after a delivery or a refusal, and
    /// wakes the closes waiting if that was the last dispatch in flight on a
    /// binding being closed.
    @inlinable @inline(__always)
    func leave(_ slot: UnsafeMutablePointer<BindingSlot>) {
        let found = slot.pointee.state.wrappingSubtract(1, ordering: .releasing).oldValue
        if found & (HandleBits.closeWaiting | HandleBits.inFlightMask) == HandleBits.closeWaiting | 1 {
            wakeClosers(slot)
        }
    }

    /// Wakes the closes waiting on `slot`'s stripe. Out of line: only the
    /// last dispatch out of a binding a close waits for comes here.
    @usableFromInline @inline(never)
    func wakeClosers(_ slot: UnsafeMutablePointer<BindingSlot>) {
        header.pointee.waiters.wake(slot)
    }

    /// Why `enter` refused `handle`: at the in-flight limit (the binding is
    /// open under that handle) or not an open binding. Out of line: only
    /// refusals come here.
    @usableFromInline @inline(never)
    func refusal(of handle: UInt) -> DispatchResult {
        isOpen(handle) ? .inFlightLimit : .staleBinding
    }

    /// Whether `handle` names a binding open now.
    func isOpen(_ handle: UInt) -> Bool {
        guard
            let offset = HandleBits.slotOffset(
                of: handle, constantBits: header.pointee.constantBits, capacity: header.pointee.limit)
        else { return false }
        let state = slot(at: offset).pointee.state.load(ordering: .acquiring)
        return (state ^ (handle & HandleBits.generationMask)) & ~HandleBits.inFlightMask == 0
    }

    /// Calls entry point `index` (0...5) of a binding the caller has entered;
    /// false when that entry point is NULL.
    @inlinable @inline(__always)
    func deliver(
        _ index: Int, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> Bool {
        // The binding is open and entered, so its driver is registered.
        let address = slot.pointee.driver.unsafelyUnwrapped.pointee.address(index)
        guard address != 0 else { return false }
        // The address was copied from a validated characteristics structure
        // of this process, where it was a routine of the matching type.
        if index == EntryPoint.indicateOffloadEvent.rawValue {
            unsafeBitCast(address, to: IndicateOffloadEventHandler.self)(
                slot.pointee.context, blockList, indicationCode)
        } else {
            unsafeBitCast(address, to: OffloadCompleteHandler.self)(slot.pointee.context, blockList)
        }
        return true
    }

    /// Waits until no dispatch is in flight on `slot`, whose close bit the
    /// caller has set, or until `deadline` (CLOCK_MONOTONIC) passes; true
    /// when it drained. Dispatches already delivering are waited for; any
    /// that starts now is refused at once and takes its 1 back. A short spin
    /// first, for handlers that return within microseconds; then the thread
    /// sleeps (CloseWaiters), using no CPU however long the handlers run.
    func waitForRundown(of slot: UnsafeMutablePointer<BindingSlot>, until deadline: timespec?) -> Bool {
        for _ in 0..<Self.spins where slot.pointee.inFlight == 0 { return true }
        return header.pointee.waiters.wait(for: slot, until: deadline)
    }

    /// How many times a close looks at the count before it sleeps.
    private static var spins: Int { 128 }

    /// Whether this thread is running a handler of the binding `handle`
    /// names, or running one further up its stack: among the sixteen
    /// innermost bindings it has entered (ndischimney_platform.h).
    func isEnteredByThisThread(_ handle: UInt) -> Bool {
        enteredByThisThread { $0 == handle }
    }

    /// Whether this thread is running a handler of any binding of this
    /// table (of the sixteen innermost it has entered), including one whose
    /// close has begun.
    func isAnyEnteredByThisThread() -> Bool {
        enteredByThisThread { handle in
            guard
                let offset = HandleBits.slotOffset(
                    of: handle, constantBits: header.pointee.constantBits, capacity: header.pointee.limit)
            else { return false }
            return slot(at: offset).pointee.isHeld(by: handle)
        }
    }

    /// Whether any binding this thread has entered (of the sixteen innermost)
    /// or left with longjmp into an enclosing handler (of the last sixteen)
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

    /// How many dispatches are in flight on all the table's bindings.
    func dispatchesInFlight() -> UInt {
        var total: UInt = 0
        for index in 0..<Int(header.pointee.limit) {
            total += slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.inFlight
        }
        return total
    }

    /// The slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset: in bounds, and a multiple of 64.
    @inlinable @inline(__always)
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (UnsafeMutableRawPointer(header) + (Int(bitPattern: offset) &+ Self.headerBytes))
            .assumingMemoryBound(to: BindingSlot.self)
    }
}
