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
// No allocation, no wait, no reference counting, on any of these, and no
// lock but the one that wakes a close waiting for the binding or adapter
// (CloseWaiters), taken only when the call leaving is the one it waits for.

extension RegistryTables {
    /// A protocol driver's request on the binding `handle` names; see
    /// `ProtocolRegistry.request(_:on:blockList:)`.
    func request(_ request: OffloadRequest, on handle: UInt, blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
        guard let slot = enter(handle) else {
            return refuseRequest(request, handle, UnsafeMutableRawPointer(blockList))
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
        guard let adapter = slot.pointee.adapter,
            case let address = adapter.pointee.provider.unsafelyUnwrapped.pointee.address(request.rawValue),
            address != 0
        else { return fail(request, on: slot, handle: handle, blockList: blockList) }
        // Counted only once the request will reach a target: a count taken
        // back later could be borrowed in between by a forged completion of
        // the same binding (which takes only what is there), and would then
        // be taken twice. Counted before SourceHandle names the binding, so
        // that a completion that finds it always finds the count.
        slot.pointee.outstanding.wrappingAdd(1, ordering: .releasing)
        ndis_chimney_put_pointer(sourceHandle(of: blockList), UnsafeMutableRawPointer(bitPattern: handle))
        // The address was copied from validated provider characteristics of
        // this process, where it was a W_*_OFFLOAD_HANDLER; the miniport's
        // view of the block list is the same memory.
        unsafeBitCast(address, to: ProviderOffloadHandler.self)(
            adapter.pointee.context,
            UnsafeMutableRawPointer(blockList).assumingMemoryBound(to: CMiniportOffloadBlockList.self))
    }

    /// Refuses a request `enter` did not let in: at the binding's in-flight
    /// limit (open under `handle`: counted as a failed request on its
    /// adapter, read without entering it, which is safe because a close
    /// waits for the calls that fill it) or not an open binding. Out of
    /// line: only refusals come here.
    @inline(never)
    private func refuseRequest(_ request: OffloadRequest, _ handle: UInt, _ blockList: UnsafeMutableRawPointer?) {
        guard let slot = bindingSlot(of: handle), slot.pointee.state.isOpen(under: handle) else {
            return report(.unknownBinding, .request(request), handle, blockList)
        }
        if let adapter = slot.pointee.adapter { count(.request(request), on: adapter) }
        report(.inFlightLimit, .request(request), handle, blockList)
    }

    /// Completes a request the library cannot pass on (no adapter, or no
    /// provider handler for it): NDIS_STATUS_NOT_SUPPORTED in the block,
    /// delivered at once to the protocol's completion handler; with none
    /// installed, reported to the hook (`noCompletionHandler`), since then
    /// no one else learns of it. Never counted as outstanding. Out of line:
    /// a misconfigured stack comes here.
    @inline(never)
    private func fail(
        _ request: OffloadRequest, on slot: UnsafeMutablePointer<BindingSlot>, handle: UInt,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST
    ) {
        blockList.pointee.Status = NDIS_STATUS_NOT_SUPPORTED
        ndis_chimney_put_pointer(sourceHandle(of: blockList), nil)
        slot.pointee.adapter?.pointee.failedRequests.wrappingAdd(1, ordering: .relaxed)
        guard deliver(request.rawValue, on: slot, blockList: blockList, indicationCode: 0) else {
            return report(.noCompletionHandler, .request(request), handle, UnsafeMutableRawPointer(blockList))
        }
    }

    /// The offload target's completion of `request` on the adapter `handle`
    /// names; see `ProtocolRegistry.complete(_:on:blockList:)`. A refusal is
    /// counted while the adapter is entered and reported to the hook after
    /// it is left, so that a hook may remove the adapter.
    func complete(_ request: OffloadRequest, adapter handle: UInt, blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
        guard let adapter = enterAdapter(handle) else {
            return refuseAdapter(handle, .completion(request), UnsafeMutableRawPointer(blockList))
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
        let field = sourceHandle(of: blockList)
        let source = UInt(bitPattern: ndis_chimney_load_pointer(field))
        // Generation 0 is never given out: it is what a slot never opened,
        // or whose binding's close is done, holds, which a closing binding's
        // handle (closed bit aside) would otherwise match.
        guard source & HandleBits.generationMask != 0 else { return .unknownSource }
        guard let slot = enter(source, closing: true) else {
            return isHeldBinding(source) ? .inFlightLimit : .unknownSource
        }
        defer { leave(slot) }
        // Whose binding it is, then that this completion is the one that
        // takes the request: the SourceHandle in one atomic step, then one
        // outstanding request. In that order, so that of two completions of
        // one block list at once only the one that took SourceHandle ever
        // touches the count: taking the count first let the loser hold, for
        // a moment, a count another block list's completion needed, which
        // was then refused and its request left outstanding for good. A
        // completion that took SourceHandle but finds nothing outstanding
        // (the request was completed already and SourceHandle put back)
        // puts SourceHandle back, leaving the caller's block list as it was.
        guard slot.pointee.adapter == adapter else { return .otherAdapter }
        let sourcePointer = UnsafeMutableRawPointer(bitPattern: source)
        guard ndis_chimney_take_pointer(field, sourcePointer) != 0 else { return .notOutstanding }
        guard slot.pointee.takeOutstanding() else {
            ndis_chimney_put_pointer(field, sourcePointer)
            return .notOutstanding
        }
        let entry = ndis_chimney_enter(source)
        let delivered = deliver(
            request.rawValue, on: slot,
            blockList: UnsafeMutableRawPointer(blockList).assumingMemoryBound(to: COffloadBlockList.self),
            indicationCode: 0)
        ndis_chimney_leave(entry)
        // The request is done either way; a protocol that installed no
        // completion handler for it is told nothing, so the caller is.
        return delivered ? nil : .noCompletionHandler
    }

    /// The root block's SourceHandle field, by address: every access to it
    /// is atomic (ndis_chimney_load_pointer and its twins), since the
    /// completions of one block list may race, and an `inout` access to
    /// the field would be a plain one. The miniport's and the protocol's
    /// views of a block list are the same memory (the header's assertions).
    @inline(__always)
    private func sourceHandle<List>(of blockList: UnsafeMutablePointer<List>) -> UnsafeMutablePointer<
        UnsafeMutableRawPointer?
    > {
        (UnsafeMutableRawPointer(blockList) + Self.sourceHandleOffset).assumingMemoryBound(
            to: UnsafeMutableRawPointer?.self)
    }

    /// Where SourceHandle sits in a block list: sixteen pointers in (128 on
    /// 64-bit Windows, 64 on 32-bit, as the header asserts). From the
    /// pointer width because Embedded Swift has no key paths for
    /// MemoryLayout.offset(of:); a test compares the two.
    static var sourceHandleOffset: Int { 16 * MemoryLayout<UnsafeRawPointer>.size }

    /// Enters the adapter `handle` names exactly (open, its generation), as
    /// a binding is entered: its slot, which the caller must leave, or nil.
    func enterAdapter(_ handle: UInt) -> UnsafeMutablePointer<AdapterSlot>? {
        guard let adapter = adapterSlot(of: handle) else { return nil }
        guard adapter.pointee.state.enter(handle, limit: header.pointee.inFlightLimit) else {
            leave(adapter: adapter)
            return nil
        }
        return adapter
    }

    /// Refuses a call `enterAdapter` did not let in: at the in-flight limit
    /// (the adapter is present under `handle`: counted on it, which is safe
    /// without entering it because a removal waits for the calls that fill
    /// it) or not an adapter. Out of line: only refusals come here.
    @inline(never)
    func refuseAdapter(_ handle: UInt, _ routine: OffloadRoutine, _ blockList: UnsafeMutableRawPointer?) {
        guard let adapter = adapterSlot(of: handle), adapter.pointee.state.isOpen(under: handle) else {
            return report(.unknownAdapter, routine, handle, blockList)
        }
        count(routine, on: adapter)
        report(.inFlightLimit, routine, handle, blockList)
    }

    /// The adapter slot whose place `handle` names, if it names one of this
    /// registry's, whatever its generation: the caller checks that.
    func adapterSlot(of handle: UInt) -> UnsafeMutablePointer<AdapterSlot>? {
        HandleBits.slotOffset(
            of: handle, constantBits: header.pointee.adapterConstantBits, capacity: header.pointee.adapterLimit
        ).map(adapter(at:))
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
