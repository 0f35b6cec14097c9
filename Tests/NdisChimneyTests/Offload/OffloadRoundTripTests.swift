import NdisChimney
import Testing

/// A block list with a second block chained after the root, whose
/// SourceHandle holds a marker: the library routes by the root block only
/// and must leave the rest alone.
private func chainedList(_ stack: OffloadStack) -> (root: UnsafeMutablePointer<COffloadBlockList>, marker: UInt) {
    let root = stack.lists.make()
    let next = stack.lists.make()
    let marker: UInt = 0x5EED_0000_0001
    next.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: marker)
    root.pointee.NextBlock = next
    root.pointee.Status = NDIS_STATUS_PENDING
    return (root, marker)
}

@Suite("Offload round trips: a request to the adapter's target, its completion back to the protocol")
struct OffloadRoundTripTests {
    @Test(
        "Completed inside the provider handler: the target sees the binding in SourceHandle, the protocol gets the list",
        arguments: OffloadRequest.allCases)
    func completedInsideHandler(request: OffloadRequest) throws {
        // Two adapters of one miniport driver, so that a wrong context or a
        // delivery to the wrong binding shows as a call in the wrong place.
        let stack = try OffloadStack(adapters: 2)
        let (_, bystander) = try stack.bind(1)
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].mode = .completeAtOnce
        stack.targets[0].completionStatus = NDIS_STATUS_SUCCESS
        let (list, marker) = chainedList(stack)

        stack.registry.request(request, on: binding, blockList: list)

        // The adapter's own target (its MiniportAdapterContext) got the very
        // list, with the binding's handle in SourceHandle.
        #expect(stack.targets[0].received == [.request(request, list: list, from: binding)])
        // The matching completion handler got the same memory (the Status the
        // target wrote) with its own context, SourceHandle already taken.
        #expect(probe.deliveries == [.completion(of: request, list: list, status: NDIS_STATUS_SUCCESS)])
        #expect(list.pointee.SourceHandle == nil)
        #expect(UInt(bitPattern: list.pointee.NextBlock!.pointee.SourceHandle) == marker)
        #expect(stack.targets[1].received.isEmpty && bystander.deliveries.isEmpty)
        #expect(stack.hook.refusals.isEmpty)
        #expect(try stack.counts(0) == noCounts)
        // The request is done: the binding closes without waiting.
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test(
        "Completed later from the test thread: SourceHandle holds the binding until then, NULL after",
        arguments: OffloadRequest.allCases)
    func completedLater(request: OffloadRequest) throws {
        let stack = try OffloadStack(adapters: 2)
        let (other, bystander) = try stack.bind(1)
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].completionStatus = NDIS_STATUS_FAILURE
        let (list, marker) = chainedList(stack)

        stack.registry.request(request, on: binding, blockList: list)
        #expect(stack.targets[0].received == [.request(request, list: list, from: binding)])
        #expect(probe.deliveries.isEmpty, "held by the target: nothing delivered yet")
        #expect(UInt(bitPattern: list.pointee.SourceHandle) == binding.rawValue)

        // A request of the other binding in between does not disturb it.
        stack.targets[1].mode = .completeAtOnce
        let between = stack.lists.make()
        stack.registry.request(.query, on: other, blockList: between)
        #expect(bystander.deliveries.map(\.list) == [address(between)])

        stack.targets[0].completeHeld()
        #expect(probe.deliveries == [.completion(of: request, list: list, status: NDIS_STATUS_FAILURE)])
        #expect(list.pointee.SourceHandle == nil)
        #expect(UInt(bitPattern: list.pointee.NextBlock!.pointee.SourceHandle) == marker)
        #expect(stack.hook.refusals.isEmpty)
        #expect(try stack.counts(0) == noCounts && stack.counts(1) == noCounts)
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test("Many requests held on one binding complete in any order, each to its own list, each once")
    func manyOutstandingAnyOrder() throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(0)
        let lists = (0..<10).map { _ in stack.lists.make() }
        for (index, list) in lists.enumerated() {
            stack.registry.request(OffloadRequest.allCases[index % 5], on: binding, blockList: list)
        }
        let held = stack.targets[0].takeHeld()
        #expect(held.count == 10)
        // Completed back to front.
        for (request, list) in held.reversed() {
            stack.registry.complete(request, on: stack.adapters[0], blockList: list)
        }
        let expected = lists.indices.reversed().map { index in
            Delivery.completion(of: OffloadRequest.allCases[index % 5], list: lists[index], status: NDIS_STATUS_SUCCESS)
        }
        #expect(probe.deliveries == expected)
        #expect(stack.hook.refusals.isEmpty)
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }
}
