// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: the handle's constant bits and slot index checked in one
// comparison (HandleBits.slotOffset); one atomic add that both registers the
// dispatch and reads the binding's state, whose generation, open bit and
// in-flight count one more comparison checks (rundown protection, see
// BindingSlot); the entry point read from its driver's current set (three
// loads, see DriverEntryPoints); the call; one atomic subtract. No
// allocation, no reference counting (only unsafe pointers and the class's
// `let`s are touched), no lock, no wait, no exclusivity check, and no work
// that grows with the number of bindings. The fast path is @inlinable so
// that a caller in another module compiles it in place; the rare paths are
// out of line.

extension ProtocolRegistry {
    /// Delivers one completion of `entryPoint` to `binding`: calls its entry
    /// point with its ProtocolBindingContext and `blockList` unchanged, and
    /// `indicationCode` for `indicateOffloadEvent` only.
    ///
    /// Safe to call from any number of threads at once, and while bindings
    /// open and close and entry points are replaced: a completion for a
    /// binding that is closed (or whose close has returned) is never
    /// delivered, and a handle that is not exactly one this registry gave out
    /// for a binding still open is refused without being followed.
    ///
    /// The corresponding C function is `NdisChimneyDispatch`.
    @inlinable
    public func dispatch(
        _ entryPoint: EntryPoint, to binding: BindingHandle,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG = 0
    ) -> DispatchResult {
        dispatch(
            entryIndex: entryPoint.rawValue, to: binding.rawValue, blockList: blockList, indicationCode: indicationCode)
    }

    /// `dispatch(_:to:blockList:indicationCode:)` with entry point `index`
    /// (0...5, checked by the caller), for the C entry point.
    @inlinable
    func dispatch(
        entryIndex index: Int, to handle: UInt, blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?,
        indicationCode: ULONG
    ) -> DispatchResult {
        guard let slot = enterBinding(handle) else { return refusal(of: handle) }
        defer { slot.pointee.exit() }
        let delivered = deliver(index, on: slot, blockList: blockList, indicationCode: indicationCode)
        return delivered ? .delivered : .noEntryPoint
    }

    /// Delivers each completion in order and returns how many were delivered;
    /// the others are skipped for the reasons `dispatch` gives. Consecutive
    /// completions for one binding share one entry into it, as a completion
    /// queue drained for one adapter mostly holds; each completion still
    /// reads its entry point from the driver's current set, so a replacement
    /// during the batch is seen whole and in order.
    ///
    /// The corresponding C function is `NdisChimneyDispatchBatch`.
    @inlinable
    public func dispatch(batch completions: UnsafeBufferPointer<Completion>) -> Int {
        var delivered = 0
        var slot: UnsafeMutablePointer<BindingSlot>? = nil
        var slotHandle: UInt = 0  // no handle is 0
        for completion in completions {
            let handle = UInt(bitPattern: completion.BindingHandle)
            if handle != slotHandle {
                slot?.pointee.exit()
                slot = enterBinding(handle)
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
    func enterBinding(_ handle: UInt) -> UnsafeMutablePointer<BindingSlot>? {
        guard let offset = HandleBits.slotOffset(of: handle, constantBits: bindingConstantBits, capacity: bindingLimit)
        else { return nil }
        let slot = slot(at: offset)
        let found = slot.pointee.beginEntering()
        guard found ^ (handle & HandleBits.generationMask) < inFlightLimit else {
            slot.pointee.exit()
            return nil
        }
        return slot
    }

    /// Why `enterBinding` refused `handle`: at the in-flight limit (the
    /// binding is open under that handle) or not an open binding. Out of
    /// line: only refusals come here.
    @usableFromInline @inline(never)
    func refusal(of handle: UInt) -> DispatchResult {
        isOpen(BindingHandle(rawValue: handle)) ? .inFlightLimit : .staleBinding
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
}
