// The Swift API of the hot path; RegistryTables holds the code, which the C
// entry points call too.

extension ProtocolRegistry {
    /// Delivers one completion of `entryPoint` to `binding`: calls its entry
    /// point with its ProtocolBindingContext and `blockList` unchanged, and
    /// `indicationCode` for `indicateOffloadEvent` only.
    ///
    /// Safe to call from any number of threads at once, and while bindings
    /// open and close and entry points are replaced: a completion for a
    /// binding that is closed (or whose close has returned) is never
    /// delivered, and a handle that is not exactly one this registry gave out
    /// for a binding still open is refused without being followed. Takes no
    /// lock, allocates nothing, counts no references and never waits.
    ///
    /// The corresponding C function is `NdisChimneyDispatch`.
    @inlinable
    public func dispatch(
        _ entryPoint: EntryPoint, to binding: BindingHandle,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG = 0
    ) -> DispatchResult {
        tables.dispatch(
            entryIndex: entryPoint.rawValue, to: binding.rawValue, blockList: blockList, indicationCode: indicationCode)
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
        tables.dispatch(batch: completions)
    }
}
