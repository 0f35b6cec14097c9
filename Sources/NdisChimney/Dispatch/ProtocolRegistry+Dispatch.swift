// The hot path: a completion goes straight to the binding's entry point
// through the raw C function pointer.
//
// Per dispatch: a bounds check of the handle's index, one atomic add that
// both registers the dispatch and reads the binding's state (rundown
// protection, see BindingSlot), the entry point read under its sequence lock
// (EntryPointTable), the call, one atomic subtract. No allocation, no
// reference counting (only unsafe pointers and the class's `let`s are
// touched), no lock, no exclusivity check, and no work that grows with the
// number of bindings. Everything is @inlinable so that a caller in another
// module compiles it in place.

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
        let index = HandleBits.index(of: binding.rawValue)
        guard index < bindingCapacity else { return .staleBinding }
        // In bounds: index < bindingCapacity, the slots allocated in init.
        let slot = bindings + index
        defer { slot.pointee.exit() }
        guard slot.pointee.enter(binding.rawValue) else { return .staleBinding }
        return deliver(entryPoint, on: slot, blockList: blockList, indicationCode: indicationCode)
    }

    /// Delivers each completion in order and returns how many were delivered.
    /// Consecutive completions for one binding enter it once, as a completion
    /// queue drained for one adapter mostly holds.
    ///
    /// The corresponding C function is `NdisChimneyDispatchBatch`.
    @inlinable
    public func dispatch(batch completions: UnsafeBufferPointer<Completion>) -> Int {
        var delivered = 0
        var position = 0
        while position < completions.count {
            let binding = UInt(bitPattern: completions[position].BindingHandle)
            var end = position + 1
            while end < completions.count && UInt(bitPattern: completions[end].BindingHandle) == binding {
                end += 1
            }
            delivered &+= deliverRun(completions, position..<end, to: binding)
            position = end
        }
        return delivered
    }

    /// Delivers a run of completions that share one binding, inside one
    /// rundown reference.
    @inlinable
    func deliverRun(_ completions: UnsafeBufferPointer<Completion>, _ run: Range<Int>, to binding: UInt) -> Int {
        let index = HandleBits.index(of: binding)
        guard index < bindingCapacity else { return 0 }
        let slot = bindings + index
        defer { slot.pointee.exit() }
        guard slot.pointee.enter(binding) else { return 0 }
        var delivered = 0
        for position in run {
            let completion = completions[position]
            guard let entryPoint = EntryPoint(rawValue: Int(completion.EntryPoint)) else { continue }
            if deliver(
                entryPoint, on: slot, blockList: completion.OffloadBlockList,
                indicationCode: completion.IndicationCode) == .delivered
            {
                delivered &+= 1
            }
        }
        return delivered
    }

    /// Calls the entry point of a binding the caller has entered.
    @inlinable
    func deliver(
        _ entryPoint: EntryPoint, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG
    ) -> DispatchResult {
        let address = slot.pointee.driver.pointee.address(of: entryPoint)
        guard address != 0 else { return .noEntryPoint }
        // The address was copied from a validated characteristics structure
        // of this process, where it was a routine of the matching type.
        if entryPoint == .indicateOffloadEvent {
            unsafeBitCast(address, to: IndicateOffloadEventHandler.self)(
                slot.pointee.context, blockList, indicationCode)
        } else {
            unsafeBitCast(address, to: OffloadCompleteHandler.self)(slot.pointee.context, blockList)
        }
        return .delivered
    }
}
