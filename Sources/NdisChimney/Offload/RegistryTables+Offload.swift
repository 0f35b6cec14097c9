import CNdisChimneyPlatform
import Synchronization

// The offload loop's hot paths: a protocol's request goes to its binding's
// adapter's provider handler, and the offload target's completion comes back
// to the protocol's completion handler, routed by the root block's
// SourceHandle, as NDIS routes it.
//
// A request: the binding handle checked and the binding entered exactly as a
// dispatch enters it (rundown protection, the thread's entered list), the
// binding's handle stored in the root block's SourceHandle, one request
// counted outstanding on the binding, and the provider handler called with
// the adapter's MiniportAdapterContext. A binding with no adapter, or an
// adapter whose miniport driver installed no handler for the request, gets
// its request completed at once with a failure Status in the block, through
// its own completion handler: never silently dropped.
//
// A completion: the adapter handle checked and the adapter entered (its own
// rundown, so that a removal waits for it); the SourceHandle checked as a
// binding handle of this registry (exactly, never followed) whose binding is
// open or closing, bound to this adapter, with a request outstanding; the
// SourceHandle taken from the block in one atomic step (so two completions
// of one request cannot both deliver); then the completion delivered through
// the dispatcher's own `deliver`. Whatever fails is refused: counted on the
// adapter and reported to the registry's offload hook, and never delivered.
//
// No allocation, no lock, no wait, no reference counting, on any of these.

extension RegistryTables {
    /// A protocol driver's request on the binding `handle` names; see
    /// `ProtocolRegistry.request(_:on:blockList:)`.
    func request(_ request: OffloadRequest, on handle: UInt, blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
        guard let slot = enter(handle) else {
            return report(
                isOpen(handle) ? .inFlightLimit : .unknownBinding, .request(request), handle,
                UnsafeMutableRawPointer(blockList))
        }
        let entry = ndis_chimney_enter(handle)
        defer {
            ndis_chimney_leave(entry)
            leave(slot)
        }
        guard let blockList else {
            if let adapter = slot.pointee.adapter { count(.request(request), on: adapter) }
            return report(.noBlockList, .request(request), handle, nil)
        }
        blockList.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: handle)
        slot.pointee.outstanding.wrappingAdd(1, ordering: .releasing)
        guard let adapter = slot.pointee.adapter,
            case let address = adapter.pointee.provider.unsafelyUnwrapped.pointee.address(request.rawValue),
            address != 0
        else { return fail(request, on: slot, blockList: blockList) }
        // The address was copied from validated provider characteristics of
        // this process, where it was a W_*_OFFLOAD_HANDLER; the miniport's
        // view of the block list is the same memory.
        unsafeBitCast(address, to: ProviderOffloadHandler.self)(
            adapter.pointee.context,
            UnsafeMutableRawPointer(blockList).assumingMemoryBound(to: CMiniportOffloadBlockList.self))
    }

    /// Completes a request the library cannot pass on (no adapter, or no
    /// provider handler for it): NDIS_STATUS_NOT_SUPPORTED in the block,
    /// delivered at once to the protocol's completion handler. Out of line:
    /// a misconfigured stack comes here.
    @inline(never)
    private func fail(
        _ request: OffloadRequest, on slot: UnsafeMutablePointer<BindingSlot>,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST
    ) {
        blockList.pointee.Status = NDIS_STATUS_NOT_SUPPORTED
        blockList.pointee.SourceHandle = nil
        slot.pointee.outstanding.wrappingSubtract(1, ordering: .releasing)
        slot.pointee.adapter?.pointee.failedRequests.wrappingAdd(1, ordering: .relaxed)
        _ = deliver(request.rawValue, on: slot, blockList: blockList, indicationCode: 0)
    }

    /// The offload target's completion of `request` on the adapter `handle`
    /// names; see `ProtocolRegistry.complete(_:on:blockList:)`. A refusal is
    /// counted while the adapter is entered and reported to the hook after
    /// it is left, so that a hook may remove the adapter.
    func complete(_ request: OffloadRequest, adapter handle: UInt, blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
        guard let adapter = enterAdapter(handle) else {
            return report(.unknownAdapter, .completion(request), handle, UnsafeMutableRawPointer(blockList))
        }
        let refusal = deliverCompletion(request, in: adapter, blockList: blockList)
        if refusal != nil { count(.completion(request), on: adapter) }
        leave(adapter: adapter)
        if let refusal { report(refusal, .completion(request), handle, UnsafeMutableRawPointer(blockList)) }
    }

    /// Delivers a completion to the binding its SourceHandle names, in an
    /// adapter the caller has entered; why not, when it does not. Inlined
    /// into `complete`, its one caller: a call of its own saved and restored
    /// six registers per completion.
    @inline(__always)
    private func deliverCompletion(
        _ request: OffloadRequest, in adapter: UnsafeMutablePointer<AdapterSlot>,
        blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?
    ) -> OffloadRefusal? {
        guard let blockList else { return .noBlockList }
        let source = UInt(bitPattern: blockList.pointee.SourceHandle)
        // Generation 0 is never given out: it is what a slot never opened,
        // or whose binding's close is done, holds, which a closing binding's
        // handle (closed bit aside) would otherwise match.
        guard source & HandleBits.generationMask != 0 else { return .unknownSource }
        guard let slot = enter(source, closing: true) else {
            return isHeldBinding(source) ? .inFlightLimit : .unknownSource
        }
        defer { leave(slot) }
        // Whose binding it is, then that this completion is the one that
        // takes the request: one outstanding request, then the SourceHandle
        // in one atomic step. In that order, so that a refused completion
        // leaves the caller's block list as it was; a completion that took
        // a request but lost the SourceHandle to another completion of the
        // same block list (completed twice, at once) gives the request back.
        guard slot.pointee.adapter == adapter else { return .otherAdapter }
        guard slot.pointee.takeOutstanding() else { return .notOutstanding }
        let taken = withUnsafeMutablePointer(to: &blockList.pointee.SourceHandle) {
            ndis_chimney_take_pointer($0, UnsafeMutableRawPointer(bitPattern: source)) != 0
        }
        guard taken else {
            slot.pointee.outstanding.wrappingAdd(1, ordering: .releasing)
            return .notOutstanding
        }
        let entry = ndis_chimney_enter(source)
        _ = deliver(
            request.rawValue, on: slot,
            blockList: UnsafeMutableRawPointer(blockList).assumingMemoryBound(to: COffloadBlockList.self),
            indicationCode: 0)
        ndis_chimney_leave(entry)
        return nil
    }

    /// Enters the adapter `handle` names exactly (open, its generation), as
    /// a binding is entered: its slot, which the caller must leave, or nil.
    func enterAdapter(_ handle: UInt) -> UnsafeMutablePointer<AdapterSlot>? {
        guard
            let offset = HandleBits.slotOffset(
                of: handle, constantBits: header.pointee.adapterConstantBits, capacity: header.pointee.adapterLimit)
        else { return nil }
        let adapter = adapter(at: offset)
        guard adapter.pointee.state.enter(handle, limit: header.pointee.inFlightLimit) else {
            leave(adapter: adapter)
            return nil
        }
        return adapter
    }

    /// Counts a refused call on the adapter the caller has entered.
    func count(_ routine: OffloadRoutine, on adapter: UnsafeMutablePointer<AdapterSlot>) {
        switch routine {
        case .request: adapter.pointee.failedRequests.wrappingAdd(1, ordering: .relaxed)
        case .completion: adapter.pointee.refusedCompletions.wrappingAdd(1, ordering: .relaxed)
        case .eventIndication: adapter.pointee.refusedIndications.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Tells the registry's offload hook, if one is set, of a refused call.
    /// Out of line: only refusals come here.
    @inline(never)
    func report(
        _ reason: OffloadRefusal, _ routine: OffloadRoutine, _ handle: UInt, _ blockList: UnsafeMutableRawPointer?
    ) {
        let (function, context) = header.pointee.hook.pointee.firstPair()
        guard function != 0 else { return }
        // The address was installed by setOffloadHook from a C function
        // pointer of the hook's type.
        unsafeBitCast(function, to: OffloadHookFunction.self)(
            UnsafeMutableRawPointer(bitPattern: context), UnsafeMutableRawPointer(bitPattern: handle), routine.rawValue,
            blockList, reason.rawValue)
    }
}
