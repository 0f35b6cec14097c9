// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: a bounds check of the slot offset the handle carries, one
// atomic add that both registers the dispatch and reads the binding's state
// (rundown protection and the replacement flag, see BindingSlot), one load
// of the entry point from the same cache line, the call, one atomic
// subtract. No allocation, no reference counting (only unsafe pointers and
// the class's `let`s are touched), no lock, no exclusivity check, and no work
// that grows with the number of bindings. The fast path is @inlinable so that
// a caller in another module compiles it in place; the rare paths (stale
// handle, replacement in progress) are out of line.

extension ProtocolRegistry {
    /// Delivers one completion of `entryPoint` to `binding`: calls its entry
    /// point with its ProtocolBindingContext and `blockList` unchanged, and
    /// `indicationCode` for `indicateOffloadEvent` only.
    ///
    /// Safe to call from any number of threads at once, and while bindings
    /// open and close: a completion for a binding that is closed (or whose
    /// close has returned) is never delivered.
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
        let offset = handle & HandleBits.slotOffsetMask
        guard offset < bindingBytes else { return .staleBinding }
        let slot = slot(at: offset)
        let found = slot.pointee.beginEntering()
        guard HandleBits.matches(found, handle) else {
            // Out of line, so the fast path keeps few values across the call.
            return dispatchAfterMismatch(
                entryIndex: index, on: slot, handle: handle, found: found, blockList: blockList,
                indicationCode: indicationCode)
        }
        return deliverThenExit(index, on: slot, blockList: blockList, indicationCode: indicationCode)
    }

    /// The rest of `dispatch(entryIndex:...)` when the state word did not
    /// match the handle: stale, or being given new entry points.
    @usableFromInline @inline(never)
    func dispatchAfterMismatch(
        entryIndex index: Int, on slot: UnsafeMutablePointer<BindingSlot>, handle: UInt, found: UInt,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> DispatchResult {
        guard slot.pointee.enterAfterMismatch(handle, found: found) else { return .staleBinding }
        return deliverThenExit(index, on: slot, blockList: blockList, indicationCode: indicationCode)
    }

    /// Delivers to a binding the caller has entered, then leaves it.
    @inlinable
    func deliverThenExit(
        _ index: Int, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> DispatchResult {
        defer { slot.pointee.exit() }
        let delivered = deliver(index, on: slot, blockList: blockList, indicationCode: indicationCode)
        return delivered ? .delivered : .noEntryPoint
    }

    /// Delivers each completion in order and returns how many were delivered;
    /// the others are skipped for the reasons `dispatch` gives. Consecutive
    /// completions for one binding share one entry into it, as a completion
    /// queue drained for one adapter mostly holds.
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
            guard let slot, completion.EntryPoint <= ULONG(EntryPoint.indicateOffloadEvent.rawValue) else { continue }
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

    /// Calls entry point `index` (0...5) of a binding the caller has entered;
    /// false when that entry point is NULL.
    @inlinable
    func deliver(
        _ index: Int, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> Bool {
        let address = slot.pointee.entry(index)
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
