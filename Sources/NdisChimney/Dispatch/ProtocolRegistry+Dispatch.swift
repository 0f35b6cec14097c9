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
    /// for a binding still open is refused without being followed.
    /// Allocates nothing, counts no references, never waits, and takes no
    /// lock unless it leaves last a binding whose close is waiting (then a
    /// mutex for a moment, to wake that close).
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

    /// Delivers each completion in order and returns how many were delivered,
    /// reading them where they are: any contiguous storage gives a `Span`
    /// without a copy (`array.span`, `inlineArray.span`,
    /// `contiguousArray.span`, and a slice's, once the slice has a name of
    /// its own, as the span borrows it). The others are skipped for the
    /// reasons `dispatch` gives; `dispatch(batch:skipped:)` says which and
    /// why.
    ///
    /// ```swift
    /// let queue = [
    ///     Completion(.initiateOffloadComplete, for: binding, blockList: list),
    ///     Completion(.queryOffloadComplete, for: binding, blockList: list),
    /// ]
    /// let delivered = registry.dispatch(batch: queue.span)
    /// ```
    ///
    /// The corresponding C function is `NdisChimneyDispatchBatch`.
    @inlinable
    public func dispatch(batch completions: Span<Completion>) -> Int {
        completions.withUnsafeBufferPointer { tables.dispatch(batch: $0) }
    }

    /// Delivers each completion in order, tells `skipped` the index and the
    /// reason (never ``DispatchResult/delivered``) of each one not delivered,
    /// in order, and returns how many were delivered.
    ///
    /// ```swift
    /// let delivered = registry.dispatch(batch: queue.span) { index, reason in
    ///     log("completion \(index) not delivered: \(reason.status)")
    /// }
    /// ```
    ///
    /// Each reason is the one `dispatch` would answer for that completion
    /// alone. `skipped` runs on the calling thread with none of the batch's
    /// bindings entered, so it may do whatever a caller may: close the
    /// binding it is told about, dispatch, or throw, which ends the batch
    /// (the completions after the one reported are not delivered). Consecutive
    /// completions for one binding still share one entry into it, up to a
    /// skip; allocates nothing, never waits and locks only as `dispatch` does.
    ///
    /// The corresponding C function is `NdisChimneyDispatchBatchEx`.
    @inlinable
    public func dispatch<E: Error>(
        batch completions: Span<Completion>,
        skipped: (_ index: Int, _ reason: DispatchResult) throws(E) -> Void
    ) throws(E) -> Int {
        try completions.withUnsafeBufferPointer { (buffer) throws(E) -> Int in
            try tables.dispatch(batch: buffer, skipped: skipped)
        }
    }
}
