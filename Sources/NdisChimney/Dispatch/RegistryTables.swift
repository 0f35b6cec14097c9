import CNdisChimneyPlatform
import Synchronization

// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: the handle's constant bits and slot index checked in one
// comparison (HandleBits.slotOffset); one atomic add that both registers the
// dispatch and reads the binding's state, whose generation, open bit and
// in-flight count one more comparison checks (rundown protection, see
// SlotState); the binding noted in this thread's list of entered bindings
// (a thread-local store, so that a handler's own thread can be told from
// the others when it tries to close its binding); the entry point read from
// its driver's current set (three loads, see DriverEntryPoints); the call;
// one atomic subtract, and a test of what it found for a close waiting. No
// allocation, no reference counting (only unsafe pointers and `let`s are
// touched), no wait, no exclusivity check, no work that grows with the
// number of bindings, and no lock but the one that wakes a waiting close
// (CloseWaiters), taken only by the call that leaves last. The fast path is @inlinable so that a caller
// in another module compiles it in place; the rare paths are out of line.

/// What a registry's hot paths read (its binding and adapter slots, and
/// what a handle is checked against), seen through one pointer: the Swift
/// `ProtocolRegistry` and the C entry points hold the same one, and both go
/// through the methods here and in Offload/. One word, so that a batch keeps
/// it in one register across its handler calls and reads the limits from
/// memory only when it enters a binding.
///
/// `@unchecked Sendable`: the header is written once, at creation, but for
/// its atomics, and what the slots hold is read only as SlotState describes
/// (atomics, and fields written only while no call can read them).
@frozen @usableFromInline
struct RegistryTables: @unchecked Sendable {
    /// The memory: this header in the first 128 bytes, then binding slot `i`
    /// at byte `128 + i << HandleBits.slotShift` (RegistryStorage).
    @usableFromInline let header: UnsafeMutablePointer<Header>

    /// What a handle is checked against, fixed at creation, and the few
    /// registry-wide things the hot paths reach.
    @usableFromInline
    struct Header: ~Copyable {
        /// The number of binding slots, as a handle's index is compared with it.
        @usableFromInline let limit: UInt
        /// The bits every binding handle of the registry has (HandleBits).
        @usableFromInline let constantBits: UInt
        /// Dispatches in flight on one binding at most (HandleBits).
        @usableFromInline let inFlightLimit: UInt
        /// Where closes sleep while calls run.
        @usableFromInline let waiters: CloseWaiters
        /// Adapter slot `i` at byte `i << HandleBits.slotShift`.
        @usableFromInline let adapters: UnsafeMutableRawPointer
        /// The number of adapter slots.
        @usableFromInline let adapterLimit: UInt
        /// The bits every adapter handle of the registry has.
        @usableFromInline let adapterConstantBits: UInt
        /// The offload hook: its function (entry 0) and context (entry 1).
        @usableFromInline let hook: UnsafeMutablePointer<DriverEntryPoints>
        /// One past the highest binding slot ever opened: how far an event
        /// indication looks for an adapter's bindings.
        let bindingsInUse = Atomic<UInt>(0)
    }

    /// Bytes before slot 0: the header's two cache lines (what a dispatch
    /// reads, the limits, in the first).
    @inlinable static var headerBytes: Int { 2 << HandleBits.slotShift }

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
    /// one given out for a binding open now (or, with `closing`, open or
    /// closing), or the binding has `inFlightLimit` calls in flight.
    @inlinable @inline(__always)
    func enter(_ handle: UInt, closing: Bool = false) -> UnsafeMutablePointer<BindingSlot>? {
        guard
            let offset = HandleBits.slotOffset(
                of: handle, constantBits: header.pointee.constantBits, capacity: header.pointee.limit)
        else { return nil }
        let slot = slot(at: offset)
        guard slot.pointee.state.enter(handle, limit: header.pointee.inFlightLimit, closing: closing) else {
            leave(slot)
            return nil
        }
        return slot
    }

    /// Takes back the one `enter` added, waking a close if it was the last.
    @inlinable @inline(__always)
    func leave(_ slot: UnsafeMutablePointer<BindingSlot>) {
        if slot.pointee.state.leave() { header.pointee.waiters.wake(slot, state: slot.pointee.state) }
    }

    /// Takes back the one `enterAdapter` added, waking a removal if it was
    /// the last.
    @inlinable @inline(__always)
    func leave(adapter: UnsafeMutablePointer<AdapterSlot>) {
        if adapter.pointee.state.leave() { header.pointee.waiters.wake(adapter, state: adapter.pointee.state) }
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
        bindingSlot(of: handle)?.pointee.state.isOpen(under: handle) ?? false
    }

    /// Whether `handle` names a binding of this registry open or closing:
    /// the one that holds its slot.
    func isHeldBinding(_ handle: UInt) -> Bool {
        bindingSlot(of: handle)?.pointee.state.isHeld(by: handle) ?? false
    }

    /// The binding slot whose place `handle` names, if it names one of this
    /// registry's (in bounds, the binding kind, this registry's id), whatever
    /// its generation: the caller checks that.
    func bindingSlot(of handle: UInt) -> UnsafeMutablePointer<BindingSlot>? {
        HandleBits.slotOffset(of: handle, constantBits: header.pointee.constantBits, capacity: header.pointee.limit)
            .map(slot(at:))
    }

    /// Calls entry point `index` (0...5) of a binding the caller has entered;
    /// false when that entry point is NULL.
    @inlinable @inline(__always)
    func deliver(
        _ index: Int, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> Bool {
        // The binding is open (or closing) and entered, so its driver is registered.
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

    /// The binding slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset: in bounds, and a multiple of 64.
    @inlinable @inline(__always)
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (UnsafeMutableRawPointer(header) + (Int(bitPattern: offset) &+ Self.headerBytes))
            .assumingMemoryBound(to: BindingSlot.self)
    }

    /// The adapter slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset against the adapter limit.
    @inlinable @inline(__always)
    func adapter(at offset: UInt) -> UnsafeMutablePointer<AdapterSlot> {
        (header.pointee.adapters + Int(bitPattern: offset)).assumingMemoryBound(to: AdapterSlot.self)
    }
}
