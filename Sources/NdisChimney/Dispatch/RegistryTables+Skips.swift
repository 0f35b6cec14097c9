import CNdisChimneyPlatform

// The batch that says why it skipped what it skipped. A path of its own
// beside RegistryTables.dispatch(batch:), not a flag in it: the plain batch's
// loop keeps its shape and its cost (Docs/Performance.md), and only a caller
// who asks for the reasons pays for them (the reason's test, and leaving and
// entering again around each skip inside a run).

extension RegistryTables {
    /// Delivers each completion in order, as `dispatch(batch:)` does, calls
    /// `skipped` with the index and the reason of each completion not
    /// delivered, in order, and returns how many were delivered; see
    /// `ProtocolRegistry.dispatch(batch:skipped:)`.
    ///
    /// `skipped` runs with none of the batch's bindings entered, so that it
    /// may do whatever a caller may, close the binding it is told about or
    /// throw included: a run of one binding's completions is entered once, as
    /// in the plain batch, left before a skip inside it is reported, and
    /// entered again for the rest. Each reason is the one the single dispatch
    /// would give: an entry point out of range before the binding's refusal,
    /// as `NdisChimneyDispatch` checks them.
    @inlinable
    func dispatch<E: Error>(
        batch completions: UnsafeBufferPointer<Completion>,
        skipped: (_ index: Int, _ reason: DispatchResult) throws(E) -> Void
    ) throws(E) -> Int {
        guard let first = completions.baseAddress else { return 0 }
        let end = first + completions.count
        var completion = first
        // Skips are counted, not deliveries: every completion is one or the
        // other, and a count touched only on the rare path keeps the
        // delivering loop as lean as the plain batch's.
        var skips = 0
        runs: while completion < end {
            let handle = UInt(bitPattern: completion.pointee.BindingHandle)
            guard let slot = enter(handle) else {
                // Refused: so is the rest of the run, for the same reason.
                let refused = refusal(of: handle)
                repeat {
                    let inRange = completion.pointee.EntryPoint < ULONG(DriverEntryPoints.count)
                    try skipped(first.distance(to: completion), inRange ? refused : .invalidEntryPoint)
                    skips &+= 1
                    completion += 1
                } while completion < end && UInt(bitPattern: completion.pointee.BindingHandle) == handle
                continue
            }
            let entry = ndis_chimney_enter(handle)
            repeat {
                guard completion.pointee.EntryPoint < ULONG(DriverEntryPoints.count),
                    deliver(
                        Int(completion.pointee.EntryPoint), on: slot, blockList: completion.pointee.OffloadBlockList,
                        indicationCode: completion.pointee.IndicationCode)
                else {
                    // Not delivered: the binding is left before the skip is
                    // reported, and the rest of the run enters it again.
                    ndis_chimney_leave(entry)
                    leave(slot)
                    let inRange = completion.pointee.EntryPoint < ULONG(DriverEntryPoints.count)
                    try skipped(first.distance(to: completion), inRange ? .noEntryPoint : .invalidEntryPoint)
                    skips &+= 1
                    completion += 1
                    continue runs
                }
                completion += 1
            } while completion < end && UInt(bitPattern: completion.pointee.BindingHandle) == handle
            ndis_chimney_leave(entry)
            leave(slot)
        }
        return completions.count &- skips
    }
}
