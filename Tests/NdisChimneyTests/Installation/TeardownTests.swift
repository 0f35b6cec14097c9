import Foundation
@testable import NdisChimney
import Synchronization
import Testing

/// What a handler of these tests does when called, and what its own call
/// answered. `@unchecked Sendable`: the test thread sets it up before any
/// dispatch; afterwards only the handler (one at a time) writes it, and the
/// test reads it after the dispatch that ran the handler has returned.
private final class Scene: @unchecked Sendable {
    enum Action { case closeOwn, closeOther, sleep, nestIntoOther, nestThenCloseOwn, recurse }

    let registry: ProtocolRegistry
    let driver: DriverHandle
    var binding = BindingHandle(rawValue: 0)
    var other = BindingHandle(rawValue: 0)
    var action = Action.closeOwn
    var thrown: RegistryError?
    /// `.recurse`: how many more levels to dispatch into its own binding.
    var depth = 0
    let running = Atomic<Bool>(false)

    init(registry: ProtocolRegistry, driver: DriverHandle) {
        self.registry = registry
        self.driver = driver
    }

    /// The query handler: runs `action` on the Scene its context holds.
    static let handler: OffloadCompleteHandler = { context, _ in
        let scene = Unmanaged<Scene>.fromOpaque(context!).takeUnretainedValue()
        scene.running.store(true, ordering: .releasing)
        defer { scene.running.store(false, ordering: .releasing) }
        do throws(RegistryError) {
            switch scene.action {
            case .closeOwn: try scene.registry.closeBinding(scene.binding)
            case .closeOther: try scene.registry.closeBinding(scene.other)
            case .sleep: Thread.sleep(forTimeInterval: 1)
            case .nestIntoOther:
                _ = scene.registry.dispatch(.queryOffloadComplete, to: scene.other, blockList: nil)
            case .nestThenCloseOwn:
                _ = scene.registry.dispatch(.queryOffloadComplete, to: scene.other, blockList: nil)
                try scene.registry.closeBinding(scene.binding)
            case .recurse:
                scene.depth -= 1
                if scene.depth >= 0 {
                    _ = scene.registry.dispatch(.queryOffloadComplete, to: scene.binding, blockList: nil)
                }
            }
        } catch {
            scene.thrown = error
        }
    }
}

/// A registry with one driver whose query handler is `Scene.handler`, and
/// `count` bindings, each with a Scene of its own as its context.
private func scenes(_ count: Int) throws -> [Scene] {
    let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: count)
    let driver = try registry.registerProtocolDriver()
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(Type: 0x8E, Revision: 1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    chars.QueryOffloadCompleteHandler = Scene.handler
    try registry.setChimneyCharacteristics(chars, for: driver)
    return try (0..<count).map { _ in
        let scene = Scene(registry: registry, driver: driver)
        scene.binding = try registry.openBinding(driver: driver, context: Unmanaged.passUnretained(scene).toOpaque())
        return scene
    }
}

/// This thread's CPU time, in seconds.
private func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

@Suite("Closing and tearing down from hostile or careless handlers")
struct TeardownTests {
    @Test("A handler that closes its own binding is refused at once, by single dispatch and in a batch")
    func closeOwnBinding() throws {
        let scene = try scenes(1)[0]
        #expect(scene.registry.dispatch(.queryOffloadComplete, to: scene.binding, blockList: nil) == .delivered)
        #expect(scene.thrown == .calledFromOwnHandler)
        #expect(RegistryError.calledFromOwnHandler.status == .invalidDeviceRequest)
        scene.thrown = nil
        let batch = [Completion(.queryOffloadComplete, for: scene.binding, blockList: nil)]
        #expect(batch.withUnsafeBufferPointer { scene.registry.dispatch(batch: $0) } == 1)
        #expect(scene.thrown == .calledFromOwnHandler)
        // Refused, not half done: the binding is still open, and closes.
        #expect(scene.registry.isOpen(scene.binding))
        try scene.registry.closeBinding(scene.binding)
    }

    @Test("A handler that closes a binding whose handler runs further up its thread is refused")
    func closeFurtherUp() throws {
        let all = try scenes(2)
        all[0].action = .nestIntoOther
        all[0].other = all[1].binding
        all[1].action = .closeOther
        all[1].other = all[0].binding
        #expect(all[0].registry.dispatch(.queryOffloadComplete, to: all[0].binding, blockList: nil) == .delivered)
        #expect(all[1].thrown == .calledFromOwnHandler)
        // A binding no handler of this thread runs on may be closed.
        all[1].thrown = nil
        all[1].other = all[0].binding
        all[0].action = .closeOwn
        try all[1].registry.closeBinding(all[1].binding)
        try all[0].registry.closeBinding(all[0].binding)
    }

    @Test(
        "A handler that closes its own binding after nesting deeper than a thread remembers, and back, is refused",
        arguments: [0, 15, 16, 17, 40])
    func closeOwnAfterDeepNesting(depth: Int) throws {
        let all = try scenes(2)
        all[0].action = .nestThenCloseOwn
        all[0].other = all[1].binding
        all[1].action = .recurse
        all[1].depth = depth
        #expect(all[0].registry.dispatch(.queryOffloadComplete, to: all[0].binding, blockList: nil) == .delivered)
        #expect(all[1].depth == -1)
        #expect(all[0].thrown == .calledFromOwnHandler)
        #expect(all[0].registry.isOpen(all[0].binding))
        try all[0].registry.closeBinding(all[0].binding)
        try all[1].registry.closeBinding(all[1].binding)
    }

    @Test(
        "A close waits asleep for a handler on another thread, and gives up at its deadline when asked",
        .timeLimit(.minutes(1)))
    func closeSleeps() throws {
        let scene = try scenes(1)[0]
        scene.action = .sleep
        let dispatched = DispatchGroup()
        dispatched.enter()
        Thread.detachNewThread {
            _ = scene.registry.dispatch(.queryOffloadComplete, to: scene.binding, blockList: nil)
            dispatched.leave()
        }
        while !scene.running.load(ordering: .acquiring) {}
        let cpu = threadCPUSeconds()
        #expect(throws: RegistryError.closeTimedOut(dispatchesInFlight: 1)) {
            try scene.registry.closeBinding(scene.binding, waitingAtMost: 100)
        }
        #expect(RegistryError.closeTimedOut(dispatchesInFlight: 1).status == .pending)
        #expect(!scene.registry.isOpen(scene.binding), "closed to new completions")
        let started = Date()
        try scene.registry.closeBinding(scene.binding)
        let spent = threadCPUSeconds() - cpu
        let stillRunning = scene.running.load(ordering: .acquiring)
        #expect(!stillRunning, "close returned after the handler did")
        #expect(Date().timeIntervalSince(started) > 0.5)
        #expect(spent < 0.05, "the closing thread used \(spent) s of CPU while it waited")
        dispatched.wait()
    }

    @Test("A million refused registrations and opens give out no handle value")
    func refusalsSpendNothing() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        let binding = try registry.openBinding(driver: driver, context: nil)
        let before = HandleBits.generationsDrawn
        var refused = 0
        for _ in 0..<500_000 {
            do throws(RegistryError) {
                _ = try registry.registerProtocolDriver()
            } catch {
                if error == .capacityExhausted(.protocolDrivers, capacity: 1) { refused += 1 }
            }
            do throws(RegistryError) {
                _ = try registry.openBinding(driver: driver, context: nil)
            } catch {
                if error == .capacityExhausted(.bindings, capacity: 1) { refused += 1 }
            }
        }
        #expect(refused == 1_000_000)
        // Other tests running beside this one draw a few thousand at most;
        // a refusal that drew one would have drawn a million here.
        let drawn = HandleBits.generationsDrawn - before
        #expect(drawn < 100_000, "\(drawn) generations drawn during a million refusals")
        try registry.closeBinding(binding)
        try registry.deregisterProtocolDriver(driver)
    }

    @Test("A C caller's registry is a checked handle: swapped, forged, destroyed or twice-destroyed ones are refused")
    func registryHandles() throws {
        var registry: OpaquePointer?
        #expect(NdisChimneyCreateRegistry(1, 1, &registry) == NDIS_STATUS_SUCCESS)
        var driver: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(registry, &driver) == NDIS_STATUS_SUCCESS)
        // A driver handle where the registry goes, or the registry with a bit flipped.
        let swapped = OpaquePointer(driver)
        let flipped = OpaquePointer(bitPattern: UInt(bitPattern: registry) ^ 1 << 40)
        for wrong in [swapped, flipped, nil] {
            var unused: NDIS_HANDLE?
            #expect(NdisChimneyRegisterProtocolDriver(wrong, &unused) == NDIS_STATUS_INVALID_PARAMETER)
            #expect(NdisChimneyDestroyRegistry(wrong) == NDIS_STATUS_INVALID_PARAMETER)
        }
        // A Swift registry belongs to its object: C may use it, not destroy it.
        let owned = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        #expect(NdisChimneyDestroyRegistry(owned.cRegistry) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyDeregisterProtocolDriver(driver) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDestroyRegistry(registry) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDestroyRegistry(registry) == NDIS_STATUS_INVALID_PARAMETER)
        var again: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(registry, &again) == NDIS_STATUS_INVALID_PARAMETER)
    }
}
