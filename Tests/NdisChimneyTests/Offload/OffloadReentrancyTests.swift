import NdisChimney
import Testing

@Suite("Handlers and hooks that call back into the registry during the offload loop")
struct OffloadReentrancyTests {
    @Test(
        "A completion handler that issues the next request on its binding, three deep",
        arguments: [true, false])
    func nestedRequests(completeAtOnce: Bool) throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(0)
        let target = stack.targets[0]
        target.mode = completeAtOnce ? .completeAtOnce : .hold
        var lists = [stack.lists.make()]
        probe.onDelivery = { [unowned stack] _ in
            // Each completion issues the next request, until four were made.
            guard lists.count < 4 else { return }
            lists.append(stack.lists.make())
            stack.registry.request(OffloadRequest.allCases[lists.count - 1], on: binding, blockList: lists.last!)
        }
        stack.registry.request(.initiate, on: binding, blockList: lists[0])
        while !completeAtOnce, case let held = target.takeHeld(), !held.isEmpty {
            for (request, list) in held { stack.registry.complete(request, on: target.adapter, blockList: list) }
        }
        #expect(probe.deliveries.map(\.list) == lists.map(address))
        #expect(probe.deliveries.map(\.entryPoint) == Array(EntryPoint.allCases.prefix(4)))
        #expect(target.received.map(\.sourceHandle) == Array(repeating: binding.rawValue, count: 4))
        #expect(stack.hook.refusals.isEmpty)
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test("Nesting past the binding's in-flight limit is refused as inFlightLimit, and nothing is left outstanding")
    func nestedPastLimit() throws {
        // Two calls in flight at most: the request and its completion.
        let stack = try OffloadStack(limits: RegistryLimits(inFlight: 2, handles: 1_000))
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].mode = .completeAtOnce
        let nested = stack.lists.make()
        probe.onDelivery = { [unowned stack] delivery in
            if delivery.list != address(nested) { stack.registry.request(.query, on: binding, blockList: nested) }
        }
        let first = stack.lists.make()
        stack.registry.request(.initiate, on: binding, blockList: first)
        #expect(probe.deliveries.map(\.list) == [address(first)])
        #expect(
            stack.hook.refusals == [
                Refusal(
                    handle: binding.rawValue, routine: .request(.query), list: address(nested), reason: .inFlightLimit)
            ])
        #expect(nested.pointee.SourceHandle == nil)
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
    }

    @Test("A hook may remove the adapter a refused completion or indication named: it was left before the hook ran")
    func hookRemovesAdapter() throws {
        let stack = try OffloadStack(adapters: 3)
        let (binding, probe) = try stack.bind(0)
        let registry = stack.registry
        var removals: [UInt: RegistryError?] = [:]
        stack.hook.onRefusal = { [unowned stack] refusal in
            guard refusal.handle != stack.adapters[0].rawValue else { return }
            do throws(RegistryError) {
                try registry.removeAdapter(AdapterHandle(rawValue: refusal.handle))
                removals[refusal.handle] = .some(nil)
            } catch {
                removals[refusal.handle] = error
            }
        }
        // A target that first completes on adapter 1, which has no binding,
        // then on its own: inside its provider handler, on the request's thread.
        stack.targets[0].mode = .custom
        stack.targets[0].onRequest = { [unowned stack] request, list in
            registry.complete(request, on: stack.adapters[1], blockList: list)
            registry.complete(request, on: stack.adapters[0], blockList: list)
        }
        let list = stack.lists.make()
        registry.request(.update, on: binding, blockList: list)
        #expect(removals[stack.adapters[1].rawValue] == .some(nil), "removed from the hook")
        #expect(probe.deliveries.map(\.list) == [address(list)], "the right completion still arrived")
        // An invalid indication on adapter 2: removed from the hook as well.
        registry.indicateOffloadEvent(on: stack.adapters[2], blockList: nil, code: .neighborReachabilityQuery)
        #expect(removals[stack.adapters[2].rawValue] == .some(nil))
        #expect(stack.hook.take().map(\.reason) == [.otherAdapter, .invalidIndication])
        for adapter in stack.adapters[1...] {
            #expect(throws: RegistryError.unknownAdapter(handle: adapter.rawValue)) { try registry.counts(of: adapter) }
        }
        // The adapter with a binding cannot go, from the hook or elsewhere.
        stack.hook.onRefusal = { refusal in
            do throws(RegistryError) {
                try registry.removeAdapter(AdapterHandle(rawValue: refusal.handle))
            } catch {
                removals[refusal.handle] = error
            }
        }
        registry.complete(.update, on: stack.adapters[0], blockList: nil)
        #expect(removals[stack.adapters[0].rawValue] == .some(.adapterHasBindings(count: 1)))
        #expect(try stack.counts(0).refusedCompletions == 1)
    }

    @Test("A completion or indication handler that closes its own binding is refused with calledFromOwnHandler")
    func handlerClosesOwnBinding() throws {
        let stack = try OffloadStack()
        let (bound, boundProbe) = try stack.bind(0)
        let (unbound, unboundProbe) = try stack.bind(nil)
        var answers: [RegistryError?] = []
        for (binding, probe) in [(bound, boundProbe), (unbound, unboundProbe)] {
            probe.onDelivery = { [unowned stack] _ in
                do throws(RegistryError) {
                    try stack.registry.closeBinding(binding)
                    answers.append(nil)
                } catch {
                    answers.append(error)
                }
            }
        }
        // Completed inside the provider handler, later from this thread, by
        // the library for want of an adapter, and an indication.
        stack.targets[0].mode = .completeAtOnce
        stack.registry.request(.initiate, on: bound, blockList: stack.lists.make())
        stack.targets[0].mode = .hold
        stack.registry.request(.terminate, on: bound, blockList: stack.lists.make())
        stack.targets[0].completeHeld()
        stack.registry.request(.query, on: unbound, blockList: stack.lists.make())
        stack.registry.indicateOffloadEvent(on: stack.adapters[0], blockList: nil, code: .neighborReachabilityInDoubt)
        #expect(answers == Array(repeating: .calledFromOwnHandler, count: 4))
        #expect(RegistryError.calledFromOwnHandler.status == .invalidDeviceRequest)
        // Refused, not half done: both are open, nothing outstanding.
        #expect(stack.registry.isOpen(bound) && stack.registry.isOpen(unbound))
        try stack.registry.closeBinding(bound, waitingAtMost: 0)
        try stack.registry.closeBinding(unbound, waitingAtMost: 0)
    }

    @Test("A provider handler may not close the requesting binding, and may close another with nothing outstanding")
    func providerHandlerCloses() throws {
        let stack = try OffloadStack()
        let (requester, probe) = try stack.bind(0)
        let (other, _) = try stack.bind(0)
        var answers: [RegistryError?] = []
        stack.targets[0].mode = .custom
        stack.targets[0].onRequest = { [unowned stack] request, list in
            for binding in [requester, other] {
                do throws(RegistryError) {
                    try stack.registry.closeBinding(binding)
                    answers.append(nil)
                } catch {
                    answers.append(error)
                }
            }
            stack.registry.complete(request, on: stack.adapters[0], blockList: list)
        }
        stack.registry.request(.invalidate, on: requester, blockList: stack.lists.make())
        #expect(answers == [.calledFromOwnHandler, nil])
        #expect(probe.deliveries.count == 1)
        #expect(!stack.registry.isOpen(other) && stack.registry.isOpen(requester))
        try stack.registry.closeBinding(requester, waitingAtMost: 0)
    }
}
