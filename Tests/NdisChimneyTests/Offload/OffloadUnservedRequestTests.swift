import NdisChimney
import Testing

/// What the protocol's completion handler must see for a request the library
/// completed itself: NOT_SUPPORTED in the block, SourceHandle NULL.
private func notSupported(_ request: OffloadRequest, _ list: UnsafeMutablePointer<COffloadBlockList>) -> Delivery {
    .completion(of: request, list: list, status: NDIS_STATUS_NOT_SUPPORTED)
}

@Suite("Requests no offload target can take, and requests the library refuses")
struct OffloadUnservedRequestTests {
    @Test("A binding bound to no adapter gets each request completed at once with NOT_SUPPORTED")
    func noAdapter() throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(nil)
        for request in OffloadRequest.allCases {
            let list = stack.lists.make()
            list.pointee.Status = NDIS_STATUS_PENDING
            stack.registry.request(request, on: binding, blockList: list)
            #expect(probe.deliveries.last == notSupported(request, list))
            #expect(list.pointee.SourceHandle == nil)
        }
        #expect(probe.deliveries.count == 5)
        #expect(stack.targets[0].received.isEmpty)
        // Not a refusal: the protocol learned of it from its own handler.
        #expect(stack.hook.refusals.isEmpty)
        // Nothing is left outstanding.
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test("An adapter whose miniport driver installed no provider characteristics: NOT_SUPPORTED, counted")
    func noProviderInstalled() throws {
        let stack = try OffloadStack(installProviders: false)
        let (binding, probe) = try stack.bind(0)
        let lists = OffloadRequest.allCases.map { _ in stack.lists.make() }
        for (request, list) in zip(OffloadRequest.allCases, lists) {
            stack.registry.request(request, on: binding, blockList: list)
        }
        #expect(probe.deliveries == zip(OffloadRequest.allCases, lists).map(notSupported))
        #expect(try stack.counts(0) == AdapterCounts(refusedCompletions: 0, refusedIndications: 0, failedRequests: 5))
        #expect(stack.hook.refusals.isEmpty)
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test(
        "A provider structure with NULL for one handler: that request NOT_SUPPORTED, the others reach the target",
        arguments: OffloadRequest.allCases)
    func oneHandlerMissing(missing: OffloadRequest) throws {
        let stack = try OffloadStack(installProviders: false)
        try stack.registry.setProviderCharacteristics(
            providerCharacteristics(omitting: missing), for: stack.miniportDrivers[0])
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].mode = .completeAtOnce
        for request in OffloadRequest.allCases {
            let list = stack.lists.make()
            stack.registry.request(request, on: binding, blockList: list)
            let status = request == missing ? NDIS_STATUS_NOT_SUPPORTED : NDIS_STATUS_SUCCESS
            #expect(probe.deliveries.last?.status == status)
            #expect(probe.deliveries.last?.entryPoint == request.completion)
        }
        #expect(stack.targets[0].received.map(\.request) == OffloadRequest.allCases.filter { $0 != missing })
        #expect(try stack.counts(0).failedRequests == 1)
    }

    @Test("An unknown, closed, altered or NULL binding handle: the hook is told, nothing is called or written")
    func unknownBinding() throws {
        let stack = try OffloadStack()
        let (closed, closedProbe) = try stack.bind(0)
        try stack.registry.closeBinding(closed)
        let (live, probe) = try stack.bind(0)
        let other = try OffloadStack()
        let (foreign, foreignProbe) = try other.bind(0)
        let handles: [UInt] =
            [0, closed.rawValue, foreign.rawValue, stack.adapters[0].rawValue, stack.protocolDriver.rawValue]
            + (0..<64).map { live.rawValue ^ 1 << UInt($0) }
        let list = stack.lists.make()
        let marker = UnsafeMutableRawPointer(bitPattern: 0x5EED_0041)
        for handle in handles {
            for request in OffloadRequest.allCases {
                list.pointee.SourceHandle = marker
                list.pointee.Status = NDIS_STATUS_PENDING
                stack.registry.request(request, on: BindingHandle(rawValue: handle), blockList: list)
                #expect(
                    stack.hook.take() == [
                        Refusal(
                            handle: handle, routine: .request(request), list: address(list), reason: .unknownBinding)
                    ], "binding \(hex(handle, digits: 16))")
                #expect(list.pointee.SourceHandle == marker && list.pointee.Status == NDIS_STATUS_PENDING)
            }
        }
        #expect(stack.targets[0].received.isEmpty && other.targets[0].received.isEmpty)
        #expect(probe.deliveries.isEmpty && closedProbe.deliveries.isEmpty && foreignProbe.deliveries.isEmpty)
        #expect(try stack.counts(0) == noCounts)
    }

    @Test("No block list: the hook is told, nothing is called; counted when the binding has an adapter")
    func noBlockList() throws {
        let stack = try OffloadStack()
        let (bound, boundProbe) = try stack.bind(0)
        let (unbound, unboundProbe) = try stack.bind(nil)
        for request in OffloadRequest.allCases {
            for binding in [bound, unbound] {
                stack.registry.request(request, on: binding, blockList: nil)
                #expect(
                    stack.hook.take() == [
                        Refusal(handle: binding.rawValue, routine: .request(request), list: 0, reason: .noBlockList)
                    ])
            }
        }
        #expect(stack.targets[0].received.isEmpty)
        #expect(boundProbe.deliveries.isEmpty && unboundProbe.deliveries.isEmpty)
        #expect(try stack.counts(0) == AdapterCounts(refusedCompletions: 0, refusedIndications: 0, failedRequests: 5))
        // Nothing was left outstanding by the refusals.
        try stack.registry.closeBinding(bound, waitingAtMost: 0)
        try stack.registry.closeBinding(unbound, waitingAtMost: 0)
    }
}
