import Foundation
import NdisChimney
import NdisChimneyFuzzing
import Synchronization
import Testing

/// What a re-entrant handler needs: the registry and binding to dispatch to
/// again, how deep it is, what each nested dispatch answered, and, at the
/// deepest level, work to do while every level is in flight.
private struct Nest {
    let registry: OpaquePointer
    let binding: NDIS_HANDLE?
    let levels: Int
    var depth = 0
    var statuses: [NDIS_STATUS] = []
    var atDeepest: (() -> Void)? = nil
}

/// Characteristics whose query handler dispatches to its binding again until
/// `levels` handlers are running, recording each nested status.
private func nestingCharacteristics() -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(Type: 0x8E, Revision: 1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    chars.QueryOffloadCompleteHandler = { context, _ in
        let nest = context!.assumingMemoryBound(to: Nest.self)
        nest.pointee.depth += 1
        defer { nest.pointee.depth -= 1 }
        if nest.pointee.depth < nest.pointee.levels {
            let status = NdisChimneyDispatch(nest.pointee.registry, nest.pointee.binding, 4, nil, 0)
            nest.pointee.statuses.append(status)
        } else {
            nest.pointee.atDeepest?()
        }
    }
    return chars
}

@Suite("Registry: limits that keep handles unique and counts exact")
struct HandleLimitTests {
    @Test("Once a registry's handle values are spent it answers RESOURCES and takes nothing; others go on")
    func generationsSpent() throws {
        let registry = try ProtocolRegistry(
            driverCapacity: 2, bindingCapacity: 1, limits: .init(inFlight: 8, handles: 4))
        let driver = try registry.registerProtocolDriver()
        var given = [driver.rawValue]
        for _ in 0..<3 {
            let binding = try registry.openBinding(driver: driver, context: nil)
            given.append(binding.rawValue)
            try registry.closeBinding(binding)
        }
        let spent = RegistryError.handleValuesExhausted(limit: (1 << 34) - 1)
        #expect(spent.status == .resources)
        #expect(throws: spent) { try registry.openBinding(driver: driver, context: nil) }
        #expect(throws: spent) { try registry.registerProtocolDriver() }
        #expect(Set(given).count == 4, "four distinct handles")
        for old in given.dropFirst() {
            let handle = BindingHandle(rawValue: old)
            #expect(registry.dispatch(.queryOffloadComplete, to: handle, blockList: nil) == .staleBinding)
            #expect(throws: RegistryError.unknownBinding(handle: old)) { try registry.closeBinding(handle) }
        }
        // The refusals took no slot: the driver still deregisters, nothing is open.
        try registry.deregisterProtocolDriver(driver)
        // Another registry, with the full limit, is not affected.
        let other = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let otherDriver = try other.registerProtocolDriver()
        #expect(!given.contains(try other.openBinding(driver: otherDriver, context: nil).rawValue))
    }

    @Test("No handle value is given out twice, across registries that reuse an id")
    func uniqueAcrossRegistries() throws {
        var seen = Set<UInt>()
        var given = 0
        // More registries than ids, one at a time, so ids are reused; the
        // generation counter is the process's, so values still differ.
        for _ in 0..<300 {
            let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
            let driver = try registry.registerProtocolDriver()
            let binding = try registry.openBinding(driver: driver, context: nil)
            seen.formUnion([driver.rawValue, binding.rawValue])
            given += 2
        }
        #expect(seen.count == given)
    }

    @Test("A dispatch past the in-flight limit answers RESOURCES and calls nothing")
    func inFlightLimit() throws {
        let fixture = try NestingFixture()
        let binding = try fixture.open(levels: 5)
        #expect(NdisChimneyDispatch(fixture.opaque, binding.ndisHandle, 4, nil, 0) == NDIS_STATUS_SUCCESS)
        // Three in flight at most: the outer one and two nested; the third nested is refused.
        #expect(fixture.nest.pointee.statuses == [NDIS_STATUS_RESOURCES, NDIS_STATUS_SUCCESS, NDIS_STATUS_SUCCESS])
        #expect(DispatchResult.inFlightLimit.status == .resources)
    }

    @Test("At the in-flight limit, refused and stale dispatches never let a close return early")
    func closeWaitsAtTheLimit() throws {
        let fixture = try NestingFixture()
        let (registry, opaque) = (fixture.registry, fixture.opaque)
        let stale = try registry.openBinding(driver: fixture.driver, context: nil)
        try registry.closeBinding(stale)
        let binding = try fixture.open(levels: 3)
        let flags = CloseFlags()
        let closer = DispatchGroup()
        fixture.nest.pointee.atDeepest = {
            // Three handlers are running: close from another thread, then
            // throw refused and stale dispatches at the slot while it waits.
            closer.enter()
            Thread.detachNewThread {
                #expect((try? registry.closeBinding(binding)) != nil)
                flags.closed.store(true, ordering: .releasing)
                closer.leave()
            }
            let deadline = Date().addingTimeInterval(0.2)
            while Date() < deadline {
                _ = NdisChimneyDispatch(opaque, binding.ndisHandle, 4, nil, 0)
                _ = NdisChimneyDispatch(opaque, stale.ndisHandle, 4, nil, 0)
                if flags.closed.load(ordering: .acquiring) { flags.early.wrappingAdd(1, ordering: .relaxed) }
            }
        }
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .delivered)
        closer.wait()
        let early = flags.early.load(ordering: .relaxed)
        let closed = flags.closed.load(ordering: .acquiring)
        #expect(early == 0, "close returned while handlers were running")
        #expect(closed)
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .staleBinding)
    }
}

/// A registry whose in-flight limit is 3, with one driver whose query
/// handler nests (`nestingCharacteristics`), and a Nest for its binding.
private final class NestingFixture {
    let registry: ProtocolRegistry
    /// The registry as C holds it.
    let opaque: OpaquePointer
    let driver: DriverHandle
    let nest = UnsafeMutablePointer<Nest>.allocate(capacity: 1)
    private var opened = false

    init() throws {
        registry = try ProtocolRegistry(
            driverCapacity: 1, bindingCapacity: 1, limits: .init(inFlight: 3, handles: 1 << 20))
        opaque = registry.cRegistry
        driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(nestingCharacteristics(), for: driver)
    }

    deinit {
        if opened { nest.deinitialize(count: 1) }
        nest.deallocate()
    }

    /// Opens the binding whose context is the Nest, nesting `levels` deep.
    func open(levels: Int) throws -> BindingHandle {
        let binding = try registry.openBinding(driver: driver, context: UnsafeMutableRawPointer(nest))
        nest.initialize(to: Nest(registry: opaque, binding: binding.ndisHandle, levels: levels))
        opened = true
        return binding
    }
}

/// Set by the closing thread, read by the handler that waits for it.
private final class CloseFlags: Sendable {
    /// closeBinding has returned.
    let closed = Atomic<Bool>(false)
    /// Times the handler saw `closed` while it was still running.
    let early = Atomic<Int>(0)
}
