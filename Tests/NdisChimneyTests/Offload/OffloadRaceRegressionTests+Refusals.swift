import NdisChimney
import Testing

// Regression tests for the refusals added in 0ab2092 (F6, F7): what the
// library could not deliver is counted and reported, with the right reason.

/// A protocol driver of `stack`, registered with the probe's handlers but no
/// QueryOffloadComplete handler.
private func driverWithoutQueryCompletion(_ stack: OffloadStack) throws -> DriverHandle {
    var chars = probeCharacteristics()
    chars.QueryOffloadCompleteHandler = nil
    let driver = try stack.registry.registerProtocolDriver()
    try stack.registry.setChimneyCharacteristics(chars, for: driver)
    return driver
}

extension OffloadRaceRegressionTests {
    @Test("F6: a completion its protocol has no handler for is refused as noCompletionHandler, counted, and done")
    func completionWithoutHandler() throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(0, driver: try driverWithoutQueryCompletion(stack))
        let list = stack.lists.make()
        stack.registry.request(.query, on: binding, blockList: list)
        stack.targets[0].completeHeld()
        #expect(
            stack.hook.take() == [
                Refusal(
                    handle: stack.adapters[0].rawValue, routine: .completion(.query), list: address(list),
                    reason: .noCompletionHandler)
            ])
        #expect(try stack.counts(0) == AdapterCounts(refusedCompletions: 1, refusedIndications: 0, failedRequests: 0))
        #expect(probe.deliveries.isEmpty)
        // The request was taken all the same: SourceHandle NULL, nothing
        // outstanding, so a second completion is refused for that.
        #expect(list.pointee.SourceHandle == nil)
        stack.registry.complete(.query, on: stack.adapters[0], blockList: miniportView(list))
        #expect(stack.hook.take().map(\.reason) == [.unknownSource])
        // The driver's other handlers still deliver.
        let other = stack.lists.make()
        stack.registry.request(.update, on: binding, blockList: other)
        stack.targets[0].completeHeld()
        #expect(probe.deliveries == [.completion(of: .update, list: other, status: NDIS_STATUS_SUCCESS)])
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test("F6: a failed request (no adapter or no provider handler) with no completion handler is reported to the hook")
    func failedRequestWithoutHandler() throws {
        let stack = try OffloadStack(installProviders: false)
        try stack.registry.setProviderCharacteristics(
            providerCharacteristics(omitting: .query), for: stack.miniportDrivers[0])
        let driver = try driverWithoutQueryCompletion(stack)
        let (bound, boundProbe) = try stack.bind(0, driver: driver)
        let (unbound, unboundProbe) = try stack.bind(nil, driver: driver)
        for binding in [bound, unbound] {
            let list = stack.lists.make()
            list.pointee.Status = NDIS_STATUS_PENDING
            stack.registry.request(.query, on: binding, blockList: list)
            #expect(
                stack.hook.take() == [
                    Refusal(
                        handle: binding.rawValue, routine: .request(.query), list: address(list),
                        reason: .noCompletionHandler)
                ], "binding \(binding == bound ? "bound" : "unbound")")
            #expect(list.pointee.Status == NDIS_STATUS_NOT_SUPPORTED && list.pointee.SourceHandle == nil)
        }
        #expect(boundProbe.deliveries.isEmpty && unboundProbe.deliveries.isEmpty)
        #expect(stack.targets[0].received.isEmpty)
        // Counted as a failed request on the adapter (the unbound one has none).
        #expect(try stack.counts(0) == AdapterCounts(refusedCompletions: 0, refusedIndications: 0, failedRequests: 1))
        // Never outstanding.
        try stack.registry.closeBinding(bound, waitingAtMost: 0)
        try stack.registry.closeBinding(unbound, waitingAtMost: 0)
    }

    @Test("F7: an adapter at its in-flight limit refuses a completion and an indication as inFlightLimit, counted")
    func adapterAtInFlightLimit() throws {
        // One call in flight at most: a completion being delivered fills the
        // adapter, so its handler's own calls on the adapter find it full.
        let stack = try OffloadStack(limits: RegistryLimits(inFlight: 1, handles: 1_000))
        let (binding, probe) = try stack.bind(0)
        let (registry, adapter) = (stack.registry, stack.adapters[0])
        let (first, nested) = (stack.lists.make(), stack.lists.make())
        registry.request(.initiate, on: binding, blockList: first)
        registry.request(.query, on: binding, blockList: nested)
        _ = stack.targets[0].takeHeld()
        probe.onDelivery = { delivery in
            guard delivery.list == address(first) else { return }
            registry.complete(.query, on: adapter, blockList: miniportView(nested))
            registry.indicateOffloadEvent(on: adapter, blockList: nil, code: .neighborReachabilityInDoubt)
        }
        registry.complete(.initiate, on: adapter, blockList: miniportView(first))
        #expect(
            stack.hook.take() == [
                Refusal(
                    handle: adapter.rawValue, routine: .completion(.query), list: address(nested),
                    reason: .inFlightLimit),
                Refusal(handle: adapter.rawValue, routine: .eventIndication, list: 0, reason: .inFlightLimit),
            ])
        #expect(try stack.counts(0) == AdapterCounts(refusedCompletions: 1, refusedIndications: 1, failedRequests: 0))
        #expect(probe.deliveries.map(\.list) == [address(first)])
        // The refused completion took nothing: once the adapter has room it
        // completes, and the close need not wait.
        #expect(UInt(bitPattern: nested.pointee.SourceHandle) == binding.rawValue)
        registry.complete(.query, on: adapter, blockList: miniportView(nested))
        #expect(probe.deliveries.map(\.list) == [address(first), address(nested)])
        #expect(stack.hook.refusals.isEmpty)
        try registry.closeBinding(binding, waitingAtMost: 0)
    }
}
