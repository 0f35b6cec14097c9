import NdisChimney
import Testing

/// What a C offload target's provider handlers saw, written through the
/// MiniportAdapterContext they are given; `completeAtOnce` makes them
/// complete through the WDK's NdisM*Complete routine before returning.
private struct TargetRecord {
    var adapter: NDIS_HANDLE?
    var completeAtOnce = false
    var calls: [(request: Int, list: UInt, sourceHandle: UInt)] = []
}

/// The five request routines and the five completion routines, in
/// OffloadRequest order, as C declares them.
private let requestRoutines = [
    NdisInitiateOffload, NdisTerminateOffload, NdisUpdateOffload, NdisInvalidateOffload, NdisQueryOffloadState,
]
private let completionRoutines = [
    NdisMInitiateOffloadComplete, NdisMTerminateOffloadComplete, NdisMUpdateOffloadComplete,
    NdisMInvalidateOffloadComplete, NdisMQueryOffloadStateComplete,
]

private func targetReceive(_ context: NDIS_HANDLE?, _ request: Int, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    let record = context!.assumingMemoryBound(to: TargetRecord.self)
    record.pointee.calls.append((request, UInt(bitPattern: list), UInt(bitPattern: list?.pointee.SourceHandle)))
    if record.pointee.completeAtOnce { completionRoutines[request](record.pointee.adapter, list) }
}

/// The provider characteristics of the C target, Revision 0 as WDK samples
/// register them.
private func cProviderCharacteristics() -> CProviderChimneyCharacteristics {
    var chars = CProviderChimneyCharacteristics()
    chars.Header = CObjectHeader(
        Type: UCHAR(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS), Revision: 0,
        Size: USHORT(MemoryLayout<CProviderChimneyCharacteristics>.size))
    chars.InitiateOffloadHandler = { targetReceive($0, 0, $1) }
    chars.TerminateOffloadHandler = { targetReceive($0, 1, $1) }
    chars.UpdateOffloadHandler = { targetReceive($0, 2, $1) }
    chars.InvalidateOffloadHandler = { targetReceive($0, 3, $1) }
    chars.QueryOffloadHandler = { targetReceive($0, 4, $1) }
    return chars
}

/// NdisSetOptionalHandlers with `chars`, as C calls it.
private func setOptionalHandlers<T>(_ handle: NDIS_HANDLE?, _ chars: T) -> NDIS_STATUS {
    var copy = chars
    return withUnsafeMutableBytes(of: &copy) {
        NdisSetOptionalHandlers(handle, $0.baseAddress!.assumingMemoryBound(to: CDriverOptionalHandlers.self))
    }
}

/// A C registry with one protocol driver (probe characteristics) and one
/// miniport driver (the C target's), one adapter whose context is `record`,
/// and a binding bound to it whose context is `probe`; the hook set.
private final class CStack {
    var registry: OpaquePointer?
    var protocolDriver: NDIS_HANDLE?
    var miniportDriver: NDIS_HANDLE?
    var adapter: NDIS_HANDLE?
    var binding: NDIS_HANDLE?
    let probe = ProtocolProbe()
    let hook = HookLog()
    let record = UnsafeMutablePointer<TargetRecord>.allocate(capacity: 1)
    let lists = BlockLists()

    init() {
        record.initialize(to: TargetRecord())
        #expect(NdisChimneyCreateRegistryEx(1, 4, 1, 2, &registry) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterProtocolDriver(registry, &protocolDriver) == NDIS_STATUS_SUCCESS)
        #expect(setOptionalHandlers(protocolDriver, probeCharacteristics()) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterMiniportDriver(registry, &miniportDriver) == NDIS_STATUS_SUCCESS)
        #expect(setOptionalHandlers(miniportDriver, cProviderCharacteristics()) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyAddAdapter(miniportDriver, record, &adapter) == NDIS_STATUS_SUCCESS)
        record.pointee.adapter = adapter
        #expect(NdisChimneyOpenAdapterBinding(protocolDriver, adapter, probe.context, &binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneySetOffloadHook(registry, HookLog.function, hook.context) == NDIS_STATUS_SUCCESS)
    }

    deinit {
        NdisChimneyDestroyRegistry(registry)
        record.deinitialize(count: 1)
        record.deallocate()
    }

    /// The adapter's counts, read through C.
    var counts: NDIS_CHIMNEY_ADAPTER_COUNTS {
        var counts = NDIS_CHIMNEY_ADAPTER_COUNTS()
        #expect(NdisChimneyQueryAdapterCounts(adapter, &counts) == NDIS_STATUS_SUCCESS)
        return counts
    }
}

@Suite("The offload loop through the C entry points")
struct COffloadLoopTests {
    @Test("Round trips through NdisInitiateOffload... and NdisMInitiateOffloadComplete..., later and at once")
    func roundTrips() {
        let stack = CStack()
        for completeAtOnce in [false, true] {
            stack.record.pointee.completeAtOnce = completeAtOnce
            for request in 0..<5 {
                let list = stack.lists.make()
                stack.record.pointee.calls = []
                requestRoutines[request](stack.binding, list)
                let call = stack.record.pointee.calls.first
                #expect(stack.record.pointee.calls.count == 1)
                #expect(call?.request == request && call?.list == address(list))
                #expect(call?.sourceHandle == UInt(bitPattern: stack.binding))
                if !completeAtOnce { completionRoutines[request](stack.adapter, miniportView(list)) }
                #expect(
                    stack.probe.deliveries.last
                        == .completion(of: OffloadRequest(rawValue: request)!, list: list, status: 0))
                #expect(list.pointee.SourceHandle == nil)
            }
        }
        #expect(stack.probe.deliveries.count == 10)
        #expect(stack.hook.refusals.isEmpty)
        let counts = stack.counts
        #expect(counts.RefusedCompletions == 0 && counts.RefusedIndications == 0 && counts.FailedRequests == 0)
        #expect(NdisChimneyCloseBinding(stack.binding) == NDIS_STATUS_SUCCESS)
    }

    @Test("Refused completions and indications are counted and hooked; requests with nowhere to go complete at once")
    func refusals() {
        let stack = CStack()
        let list = stack.lists.make()
        NdisUpdateOffload(stack.binding, list)
        // SourceHandle forged, then NULL block list, then an invalid indication.
        list.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: stack.binding) ^ 1 << 33)
        NdisMUpdateOffloadComplete(stack.adapter, miniportView(list))
        NdisMQueryOffloadStateComplete(stack.adapter, nil)
        NdisMOffloadEventIndicate(stack.adapter, miniportView(list), NeighborReachabilityInDoubt.rawValue)
        let adapter = UInt(bitPattern: stack.adapter)
        #expect(
            stack.hook.take() == [
                Refusal(handle: adapter, routine: .completion(.update), list: address(list), reason: .unknownSource),
                Refusal(handle: adapter, routine: .completion(.query), list: 0, reason: .noBlockList),
                Refusal(handle: adapter, routine: .eventIndication, list: address(list), reason: .invalidIndication),
            ])
        let counts = stack.counts
        #expect(counts.RefusedCompletions == 2 && counts.RefusedIndications == 1 && counts.FailedRequests == 0)
        #expect(stack.probe.deliveries.isEmpty)
        // The right one is still delivered.
        list.pointee.SourceHandle = stack.binding
        NdisMUpdateOffloadComplete(stack.adapter, miniportView(list))
        #expect(stack.probe.deliveries.map(\.list) == [address(list)])

        // A binding with no adapter: completed at once, NOT_SUPPORTED.
        let probe = ProtocolProbe()
        var unbound: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(stack.protocolDriver, probe.context, &unbound) == NDIS_STATUS_SUCCESS)
        let other = stack.lists.make()
        NdisQueryOffloadState(unbound, other)
        #expect(probe.deliveries.map(\.status) == [NDIS_STATUS_NOT_SUPPORTED])
        // A closed binding's request: hooked, nothing called.
        #expect(NdisChimneyCloseBinding(unbound) == NDIS_STATUS_SUCCESS)
        NdisInitiateOffload(unbound, other)
        #expect(stack.hook.take().map(\.reason) == [.unknownBinding])
        #expect(probe.deliveries.count == 1 && stack.record.pointee.calls.count == 1)
        // NULL, and this registry's handles without their tag bit, are no
        // handles: they name no registry, so they reach nothing and no hook
        // (NULL carries registry id 0, and was reported to the hook of
        // whichever registry had that id).
        let untagged = [nil, NDIS_HANDLE(bitPattern: UInt(bitPattern: stack.binding) & ~1)]
        let untaggedAdapter = [nil, NDIS_HANDLE(bitPattern: UInt(bitPattern: stack.adapter) & ~1)]
        for (binding, adapter) in zip(untagged, untaggedAdapter) {
            NdisInitiateOffload(binding, other)
            NdisMInitiateOffloadComplete(adapter, miniportView(list))
            NdisMOffloadEventIndicate(adapter, nil, NeighborReachabilityInDoubt.rawValue)
        }
        #expect(stack.hook.refusals.isEmpty)
        #expect(stack.probe.deliveries.count == 1 && stack.record.pointee.calls.count == 1)
    }

    @Test("The control functions' statuses: NULL out-pointers, wrong kinds of handle, busy drivers and adapters")
    func controlStatuses() {
        let stack = CStack()
        var out: NDIS_HANDLE?
        var counts = NDIS_CHIMNEY_ADAPTER_COUNTS()
        var registry: OpaquePointer?
        let invalid = NDIS_STATUS_INVALID_PARAMETER
        // NULL out-pointers, and capacities out of range.
        #expect(NdisChimneyCreateRegistryEx(1, 1, 1, 1, nil) == invalid)
        #expect(NdisChimneyCreateRegistryEx(1, 1, 65_536, 0, &registry) == invalid && registry == nil)
        #expect(NdisChimneyCreateRegistryEx(1, 1, 0, 65_536, &registry) == invalid && registry == nil)
        #expect(NdisChimneyRegisterMiniportDriver(stack.registry, nil) == invalid)
        #expect(NdisChimneyAddAdapter(stack.miniportDriver, nil, nil) == invalid)
        #expect(NdisChimneyOpenAdapterBinding(stack.protocolDriver, stack.adapter, nil, nil) == invalid)
        #expect(NdisChimneyQueryAdapterCounts(stack.adapter, nil) == invalid)
        // Each handle where another kind goes, and NULL.
        let registryAsHandle = OpaquePointer(stack.adapter)
        #expect(NdisChimneyRegisterMiniportDriver(registryAsHandle, &out) == invalid)
        #expect(NdisChimneyRegisterMiniportDriver(nil, &out) == invalid)
        #expect(NdisChimneySetOffloadHook(OpaquePointer(stack.binding), nil, nil) == invalid)
        for wrong in [stack.protocolDriver, stack.adapter, stack.binding, nil] {
            #expect(NdisChimneyAddAdapter(wrong, nil, &out) == invalid)
            #expect(NdisChimneyDeregisterMiniportDriver(wrong) == invalid)
        }
        for wrong in [stack.miniportDriver, stack.binding, stack.protocolDriver, nil] {
            #expect(NdisChimneyRemoveAdapter(wrong) == invalid)
            #expect(NdisChimneyQueryAdapterCounts(wrong, &counts) == invalid)
            #expect(NdisChimneyOpenAdapterBinding(stack.protocolDriver, wrong, nil, &out) == invalid)
        }
        #expect(NdisChimneyOpenAdapterBinding(stack.miniportDriver, stack.adapter, nil, &out) == invalid)
        #expect(NdisChimneyDeregisterProtocolDriver(stack.miniportDriver) == invalid)
        // Each side's structure from the other side's driver.
        #expect(setOptionalHandlers(stack.miniportDriver, probeCharacteristics()) == NDIS_STATUS_NOT_SUPPORTED)
        #expect(setOptionalHandlers(stack.protocolDriver, cProviderCharacteristics()) == NDIS_STATUS_NOT_SUPPORTED)
        // Busy: an adapter with a binding, a miniport driver with an adapter.
        #expect(NdisChimneyRemoveAdapter(stack.adapter) == NDIS_STATUS_FAILURE)
        #expect(NdisChimneyDeregisterMiniportDriver(stack.miniportDriver) == NDIS_STATUS_FAILURE)
        // Room: a registry made with no miniport drivers or adapters.
        #expect(NdisChimneyCreateRegistryEx(1, 1, 0, 0, &registry) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterMiniportDriver(registry, &out) == NDIS_STATUS_RESOURCES)
        #expect(NdisChimneyDestroyRegistry(registry) == NDIS_STATUS_SUCCESS)
        // Then everything goes, in order.
        #expect(NdisChimneyCloseBinding(stack.binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRemoveAdapter(stack.adapter) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRemoveAdapter(stack.adapter) == invalid)
        #expect(NdisChimneyQueryAdapterCounts(stack.adapter, &counts) == invalid)
        #expect(NdisChimneyDeregisterMiniportDriver(stack.miniportDriver) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDeregisterMiniportDriver(stack.miniportDriver) == invalid)
        #expect(NdisChimneySetOffloadHook(stack.registry, nil, nil) == NDIS_STATUS_SUCCESS)
    }
}
