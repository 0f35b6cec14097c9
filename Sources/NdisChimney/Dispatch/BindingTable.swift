import Synchronization

// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: the handle's constant bits and slot index checked in one
// comparison (HandleBits.slotOffset); one atomic add that both registers the
// dispatch and reads the binding's state, whose generation, open bit and
// in-flight count one more comparison checks (rundown protection, see
// BindingSlot); the entry point read from its driver's current set (three
// loads, see DriverEntryPoints); the call; one atomic subtract. No
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
        defer { slot.pointee.exit() }
        let delivered = deliver(index, on: slot, blockList: blockList, indicationCode: indicationCode)
        return delivered ? .delivered : .noEntryPoint
    }

    /// Delivers each completion in order and returns how many were
    /// delivered; see `ProtocolRegistry.dispatch(batch:)`.
    @inlinable
    func dispatch(batch completions: UnsafeBufferPointer<Completion>) -> Int {
        var delivered = 0
        var slot: UnsafeMutablePointer<BindingSlot>? = nil
        var slotHandle: UInt = 0  // no handle is 0
        for completion in completions {
            let handle = UInt(bitPattern: completion.BindingHandle)
            if handle != slotHandle {
                slot?.pointee.exit()
                slot = enter(handle)
                slotHandle = handle
            }
            guard let slot, completion.EntryPoint < ULONG(DriverEntryPoints.count) else { continue }
            if deliver(
                Int(completion.EntryPoint), on: slot, blockList: completion.OffloadBlockList,
                indicationCode: completion.IndicationCode)
            {
                delivered &+= 1
            }
        }
        slot?.pointee.exit()
        return delivered
    }

    /// Enters the binding `handle` names: its slot, which the caller must
    /// `exit()`, or nil (with nothing to undo) when the handle is not exactly
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
            slot.pointee.exit()
            return nil
        }
        return slot
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

    /// The slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset: in bounds, and a multiple of 64.
    @inlinable @inline(__always)
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (UnsafeMutableRawPointer(header) + (Int(bitPattern: offset) &+ Self.headerBytes))
            .assumingMemoryBound(to: BindingSlot.self)
    }
}
