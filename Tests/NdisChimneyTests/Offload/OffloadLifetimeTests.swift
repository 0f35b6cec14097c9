import Foundation
import NdisChimney
import Synchronization
import Testing

@Suite("Lifetimes: closes wait for outstanding requests, adapters and miniport drivers go only when unused")
struct OffloadLifetimeTests {
    @Test(
        "A close on another thread stays blocked until the target completes, and nothing arrives after it returns",
        .timeLimit(.minutes(1)))
    func closeWaitsForTarget() throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(0)
        let list = stack.lists.make()
        stack.registry.request(.initiate, on: binding, blockList: list)
        let registry = stack.registry
        let returned = Atomic<Bool>(false)
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread {
            try! registry.closeBinding(binding)
            probe.closed.store(true, ordering: .releasing)
            returned.store(true, ordering: .releasing)
            done.leave()
        }
        // Long enough for a close that did not wait to have returned.
        Thread.sleep(forTimeInterval: 0.2)
        let early = returned.load(ordering: .acquiring)
        #expect(!early, "the close returned with a request outstanding")
        #expect(!stack.registry.isOpen(binding), "closed to new requests while it waits")
        stack.registry.request(.query, on: binding, blockList: stack.lists.make())
        #expect(stack.hook.take().map(\.reason) == [.unknownBinding])

        stack.targets[0].completeHeld()
        done.wait()
        #expect(probe.deliveries.map(\.list) == [address(list)])
        #expect(probe.late.load(ordering: .relaxed) == 0)
        // After the close returned, a completion put back on the list is refused.
        list.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: binding.rawValue)
        stack.registry.complete(.initiate, on: stack.adapters[0], blockList: miniportView(list))
        #expect(stack.hook.take().map(\.reason) == [.unknownSource])
        #expect(probe.deliveries.count == 1 && probe.late.load(ordering: .relaxed) == 0)
    }

    @Test(
        "A close with a deadline times out while a request is outstanding; the binding refuses new requests meanwhile")
    func closeTimesOut() throws {
        let stack = try OffloadStack()
        let (binding, probe) = try stack.bind(0)
        let list = stack.lists.make()
        stack.registry.request(.update, on: binding, blockList: list)
        #expect(throws: RegistryError.closeTimedOut(dispatchesInFlight: 1)) {
            try stack.registry.closeBinding(binding, waitingAtMost: 20)
        }
        #expect(!stack.registry.isOpen(binding))
        stack.registry.request(.update, on: binding, blockList: stack.lists.make())
        #expect(stack.hook.take().map(\.reason) == [.unknownBinding])
        #expect(stack.targets[0].received.count == 1, "the refused request never reached the target")
        // Still closing, not closed: its outstanding request completes to it,
        // and only then can the close finish.
        #expect(throws: RegistryError.adapterHasBindings(count: 1)) {
            try stack.registry.removeAdapter(stack.adapters[0])
        }
        stack.targets[0].completeHeld()
        #expect(probe.deliveries.map(\.list) == [address(list)])
        try stack.registry.closeBinding(binding, waitingAtMost: 0)
        #expect(throws: RegistryError.unknownBinding(handle: binding.rawValue)) {
            try stack.registry.closeBinding(binding)
        }
        try stack.registry.removeAdapter(stack.adapters[0])
    }

    @Test("removeAdapter is refused while bindings are bound, succeeds after they close; its handle is refused after")
    func removeAdapter() throws {
        let stack = try OffloadStack()
        let registry = stack.registry
        let adapter = stack.adapters[0]
        let (first, _) = try stack.bind(0)
        let (second, _) = try stack.bind(0)
        // One of each count, which its successor in the slot must not inherit.
        registry.request(.initiate, on: first, blockList: nil)
        registry.complete(.initiate, on: adapter, blockList: nil)
        registry.indicateOffloadEvent(on: adapter, blockList: nil, code: .neighborReachabilityQuery)
        #expect(
            try registry.counts(of: adapter)
                == AdapterCounts(refusedCompletions: 1, refusedIndications: 1, failedRequests: 1))
        _ = stack.hook.take()
        #expect(throws: RegistryError.adapterHasBindings(count: 2)) { try registry.removeAdapter(adapter) }
        try registry.closeBinding(first)
        #expect(throws: RegistryError.adapterHasBindings(count: 1)) { try registry.removeAdapter(adapter) }
        try registry.closeBinding(second)
        try registry.removeAdapter(adapter)

        #expect(throws: RegistryError.unknownAdapter(handle: adapter.rawValue)) { try registry.removeAdapter(adapter) }
        #expect(throws: RegistryError.unknownAdapter(handle: adapter.rawValue)) { try registry.counts(of: adapter) }
        #expect(throws: RegistryError.unknownAdapter(handle: adapter.rawValue)) {
            try registry.openBinding(driver: stack.protocolDriver, adapter: adapter, context: nil)
        }
        let list = stack.lists.make()
        registry.complete(.query, on: adapter, blockList: miniportView(list))
        registry.indicateOffloadEvent(on: adapter, blockList: nil, code: .neighborReachabilityInDoubt)
        #expect(stack.hook.take().map(\.reason) == [.unknownAdapter, .unknownAdapter])
        // Its slot serves a new adapter, under a new handle, counting from 0.
        let again = try registry.addAdapter(miniportDriver: stack.miniportDrivers[0], context: nil)
        #expect(again != adapter)
        #expect(again.rawValue & 0x3F_FFC0 == adapter.rawValue & 0x3F_FFC0, "the slot was reused")
        #expect(try registry.counts(of: again) == noCounts)
    }

    @Test("deregisterMiniportDriver is refused while it has adapters")
    func deregisterMiniportDriver() throws {
        let stack = try OffloadStack(adapters: 2)
        let registry = stack.registry
        let driver = stack.miniportDrivers[0]
        #expect(throws: RegistryError.driverHasAdapters(count: 2)) { try registry.deregisterMiniportDriver(driver) }
        try registry.removeAdapter(stack.adapters[0])
        #expect(throws: RegistryError.driverHasAdapters(count: 1)) { try registry.deregisterMiniportDriver(driver) }
        try registry.removeAdapter(stack.adapters[1])
        try registry.deregisterMiniportDriver(driver)
        #expect(RegistryError.driverHasAdapters(count: 1).status == .failure)
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.deregisterMiniportDriver(driver)
        }
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.addAdapter(miniportDriver: driver, context: nil)
        }
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.setProviderCharacteristics(providerCharacteristics(), for: driver)
        }
    }

    @Test("A binding's handle is not a miniport driver's, nor an adapter's the reverse")
    func handleKinds() throws {
        let stack = try OffloadStack()
        let registry = stack.registry
        let (binding, _) = try stack.bind(0)
        let asDriver = MiniportDriverHandle(rawValue: stack.protocolDriver.rawValue)
        #expect(throws: RegistryError.unknownDriver(handle: asDriver.rawValue)) {
            try registry.addAdapter(miniportDriver: asDriver, context: nil)
        }
        #expect(throws: RegistryError.unknownDriver(handle: asDriver.rawValue)) {
            try registry.deregisterMiniportDriver(asDriver)
        }
        let asProtocol = DriverHandle(rawValue: stack.miniportDrivers[0].rawValue)
        #expect(throws: RegistryError.unknownDriver(handle: asProtocol.rawValue)) {
            try registry.openBinding(driver: asProtocol, context: nil)
        }
        let asAdapter = AdapterHandle(rawValue: binding.rawValue)
        #expect(throws: RegistryError.unknownAdapter(handle: binding.rawValue)) {
            try registry.removeAdapter(asAdapter)
        }
        #expect(throws: RegistryError.unknownBinding(handle: stack.adapters[0].rawValue)) {
            try registry.closeBinding(BindingHandle(rawValue: stack.adapters[0].rawValue))
        }
    }
}
