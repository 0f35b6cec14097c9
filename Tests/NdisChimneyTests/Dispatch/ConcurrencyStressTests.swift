import Foundation
import NdisChimney
import Synchronization
import Testing

/// One open of a binding: what its entry points saw. A fresh one per open,
/// so that a late delivery cannot hide behind a reopen.
private struct OpenRecord: ~Copyable {
    /// Completions delivered to this open.
    let deliveries = Atomic<Int>(0)
    /// Set by the control thread once closeBinding has returned.
    let closed = Atomic<Bool>(false)
    /// Deliveries that arrived after `closed` was set: must stay 0.
    let late = Atomic<Int>(0)
    /// The binding's handle, once the control thread has stored it (0 before).
    let handle = Atomic<UInt>(0)
    /// Closes of its own binding from its handler that were not refused:
    /// must stay 0 (each would have waited for itself).
    let selfClosed = Atomic<Int>(0)
}

private func record(_ context: NDIS_HANDLE?) {
    let record = context!.assumingMemoryBound(to: OpenRecord.self)
    let count = record.pointee.deliveries.wrappingAdd(1, ordering: .relaxed).newValue
    // Now and then the handler tries to close its own binding: refused at
    // once (or, while the control thread's close of it waits, refused as
    // not open), never a wait for itself.
    let own = record.pointee.handle.load(ordering: .relaxed)
    if count % 64 == 0, own != 0 {
        let status = NdisChimneyCloseBinding(NDIS_HANDLE(bitPattern: own))
        if status != NDIS_STATUS_INVALID_DEVICE_REQUEST && status != NDIS_STATUS_INVALID_PARAMETER {
            record.pointee.selfClosed.wrappingAdd(1, ordering: .relaxed)
        }
    }
    // Linger a little, as a real handler does some work, so that a close
    // that did not wait for this delivery would be caught in the act.
    for _ in 0..<64 where record.pointee.closed.load(ordering: .relaxed) { break }
    if record.pointee.closed.load(ordering: .acquiring) { record.pointee.late.wrappingAdd(1, ordering: .relaxed) }
}

private func stressCharacteristics(withEvent: Bool) -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(Type: 0x8E, Revision: 1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    chars.InitiateOffloadCompleteHandler = { context, _ in record(context) }
    chars.TerminateOffloadCompleteHandler = { context, _ in record(context) }
    chars.UpdateOffloadCompleteHandler = { context, _ in record(context) }
    chars.InvalidateOffloadCompleteHandler = { context, _ in record(context) }
    chars.QueryOffloadCompleteHandler = { context, _ in record(context) }
    // The two sets differ only in the event handler's address, so every
    // replacement changes what a dispatcher must read whole.
    if withEvent {
        chars.IndicateOffloadEventHandler = { context, _, _ in record(context) }
    } else {
        chars.IndicateOffloadEventHandler = { context, _, code in if code != ~0 { record(context) } }
    }
    return chars
}

/// Shared state of one stress run. `@unchecked Sendable`: every field is a
/// `let`; the pointers are allocated before the threads start and freed after
/// they have all been joined, and everything behind them is an Atomic.
private final class StressRun: @unchecked Sendable {
    let registry: ProtocolRegistry
    /// The registry as C calls take it.
    let cRegistry: OpaquePointer
    let driver: DriverHandle
    /// The handle each lane currently publishes (lane 0 is never closed).
    let lanes: UnsafeMutablePointer<Atomic<UInt>>
    let laneCount: Int
    /// One record per open, handed out in order.
    let records: UnsafeMutablePointer<OpenRecord>
    let recordCount: Int
    let delivered = Atomic<Int>(0)
    let permanentMisses = Atomic<Int>(0)
    /// Forged handles (NULL, a live or stale handle with one of bits 0...29
    /// flipped) and registry arguments that are not the registry (a binding
    /// handle in its place, the registry's handle with a bit flipped) that
    /// were not refused: must stay 0.
    let forgedAccepted = Atomic<Int>(0)
    /// Registrations and opens refused for want of room that did not answer
    /// capacityExhausted: must stay 0.
    let wrongRefusals = Atomic<Int>(0)

    init(lanes laneCount: Int, opens: Int) throws {
        registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: laneCount + 1)
        cRegistry = registry.cRegistry
        driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(stressCharacteristics(withEvent: true), for: driver)
        self.laneCount = laneCount
        lanes = .allocate(capacity: laneCount)
        recordCount = laneCount + opens
        records = .allocate(capacity: recordCount)
        for index in 0..<recordCount { (records + index).initialize(to: OpenRecord()) }
        for lane in 0..<laneCount {
            let handle = try registry.openBinding(driver: driver, context: records + lane)
            records[lane].handle.store(handle.rawValue, ordering: .relaxed)
            (lanes + lane).initialize(to: Atomic(handle.rawValue))
        }
    }

    deinit {
        lanes.deinitialize(count: laneCount)
        lanes.deallocate()
        records.deinitialize(count: recordCount)
        records.deallocate()
    }
}

@Suite("Concurrent dispatch while bindings open, close and entry points change")
struct ConcurrencyStressTests {
    @Test(
        "Exactly once while open, never after close returns, never lost, forged never delivered",
        .timeLimit(.minutes(2)))
    func stress() throws {
        let dispatchers = 3
        let dispatchesPerThread = 200_000
        let opens = 3_000
        let run = try StressRun(lanes: 8, opens: opens)
        let controlDone = Atomic<Bool>(false)

        onThreads(dispatchers + 1) { thread in
            if thread == dispatchers {
                // The control thread: close and reopen lanes 1..., each open
                // with a fresh record, and swap the entry points every few cycles.
                var laneRecords = (0..<run.laneCount).map { run.records + $0 }
                for open in 0..<opens {
                    let lane = 1 + open % (run.laneCount - 1)
                    let old = BindingHandle(rawValue: run.lanes[lane].load(ordering: .relaxed))
                    try! run.registry.closeBinding(old)
                    // Closed: from here on nothing may reach the old record.
                    laneRecords[lane].pointee.closed.store(true, ordering: .releasing)
                    laneRecords[lane] = run.records + run.laneCount + open
                    let new = try! run.registry.openBinding(driver: run.driver, context: laneRecords[lane])
                    laneRecords[lane].pointee.handle.store(new.rawValue, ordering: .relaxed)
                    run.lanes[lane].store(new.rawValue, ordering: .relaxed)
                    // The one driver slot is taken and the lanes fill the
                    // binding slots but one: refused calls, in a loop.
                    for _ in 0..<8 {
                        do throws(RegistryError) {
                            _ = try run.registry.registerProtocolDriver()
                            run.wrongRefusals.wrappingAdd(1, ordering: .relaxed)
                        } catch {
                            if case .capacityExhausted = error {
                            } else {
                                run.wrongRefusals.wrappingAdd(1, ordering: .relaxed)
                            }
                        }
                    }
                    if open % 7 == 0 {
                        try! run.registry.setChimneyCharacteristics(
                            stressCharacteristics(withEvent: open % 14 == 0), for: run.driver)
                    }
                }
                controlDone.store(true, ordering: .releasing)
                return
            }
            var generator = SystemRandomNumberGenerator()
            var delivered = 0
            for step in 0..<dispatchesPerThread {
                let lane = step % 4 == 0 ? 0 : Int.random(in: 0..<run.laneCount, using: &generator)
                let handle = BindingHandle(rawValue: run.lanes[lane].load(ordering: .relaxed))
                let entryPoint = EntryPoint(rawValue: step % 6)!
                let result = run.registry.dispatch(entryPoint, to: handle, blockList: nil, indicationCode: 1)
                if result == .delivered { delivered += 1 }
                if lane == 0 && result != .delivered { run.permanentMisses.wrappingAdd(1, ordering: .relaxed) }
                if step % 8 == 7 {
                    // A bit below the generation flipped, or NULL: never a
                    // handle this registry gave out, whatever opens and closes.
                    let bit = UInt.random(in: 0..<30, using: &generator)
                    let forged = BindingHandle(rawValue: step % 16 == 7 ? 0 : handle.rawValue ^ 1 << bit)
                    if run.registry.dispatch(entryPoint, to: forged, blockList: nil) != .staleBinding {
                        run.forgedAccepted.wrappingAdd(1, ordering: .relaxed)
                    }
                    // The registry argument swapped with the binding, or
                    // with one of its bits flipped: refused through C.
                    let wrongRegistry = OpaquePointer(
                        bitPattern: step % 16 == 7
                            ? handle.rawValue
                            : UInt(bitPattern: run.cRegistry) ^ 1 << UInt.random(in: 0..<64, using: &generator))
                    if NdisChimneyDispatch(wrongRegistry, handle.ndisHandle, 4, nil, 0) != NDIS_STATUS_INVALID_PARAMETER
                    {
                        run.forgedAccepted.wrappingAdd(1, ordering: .relaxed)
                    }
                }
            }
            run.delivered.wrappingAdd(delivered, ordering: .relaxed)
        }

        let controlFinished = controlDone.load(ordering: .acquiring)
        #expect(controlFinished)
        var received = 0
        var late = 0
        var selfClosed = 0
        for index in 0..<run.recordCount {
            received += run.records[index].deliveries.load(ordering: .relaxed)
            late += run.records[index].late.load(ordering: .relaxed)
            selfClosed += run.records[index].selfClosed.load(ordering: .relaxed)
        }
        #expect(selfClosed == 0, "a handler's close of its own binding was not refused")
        #expect(run.wrongRefusals.load(ordering: .relaxed) == 0, "a refused registration answered otherwise")
        #expect(received == run.delivered.load(ordering: .relaxed), "each delivered completion arrived exactly once")
        #expect(late == 0, "no completion arrived after its binding's close returned")
        #expect(run.permanentMisses.load(ordering: .relaxed) == 0, "none lost on the binding that stayed open")
        #expect(run.forgedAccepted.load(ordering: .relaxed) == 0, "no NULL or altered handle or registry was accepted")
        #expect(received >= dispatchesPerThread * dispatchers / 4, "the open lane alone got a quarter")
    }
}

@Suite("Registries created, used and destroyed from several threads at once")
struct RegistryChurnTests {
    @Test(
        "Each handle resolves to its own registry; NULL and stale handles are refused while registries go away",
        .timeLimit(.minutes(1)))
    func churn() {
        let failures = Atomic<Int>(0)
        let churning = Atomic<Int>(4)
        onThreads(5) { thread in
            if thread == 4 {
                // NULL and stale handles name registry ids too (NULL names 0):
                // refusing them must never touch a registry being destroyed.
                var round: UInt = 0
                while churning.load(ordering: .acquiring) > 0 {
                    let id = round % 8 << 22
                    // Generation 0 is never given out: no live handle among them.
                    let stale = [nil, NDIS_HANDLE(bitPattern: id | 3), NDIS_HANDLE(bitPattern: id | 1 << 6 | 1)]
                    var opened: NDIS_HANDLE?
                    let statuses = [
                        NdisChimneyDeregisterProtocolDriver(stale[Int(round % 2)]),
                        NdisSetOptionalHandlers(stale[Int(round % 2)], nil),
                        NdisChimneyOpenBinding(stale[Int(round % 2)], nil, &opened),
                        NdisChimneyCloseBinding(stale[Int(round % 3)]),
                    ]
                    if statuses.contains(where: { $0 != NDIS_STATUS_INVALID_PARAMETER }) {
                        failures.wrappingAdd(1, ordering: .relaxed)
                    }
                    round &+= 1
                }
                return
            }
            defer { churning.wrappingSubtract(1, ordering: .releasing) }
            for _ in 0..<300 {
                var registry: OpaquePointer?
                guard NdisChimneyCreateRegistry(1, 2, &registry) == NDIS_STATUS_SUCCESS else {
                    failures.wrappingAdd(1, ordering: .relaxed)
                    continue
                }
                var driver: NDIS_HANDLE?
                var binding: NDIS_HANDLE?
                var chars = stressCharacteristics(withEvent: true)
                // NdisSetOptionalHandlers finds the registry from the handle
                // alone, through the directory, while other threads add and
                // remove registries.
                let statuses = [
                    NdisChimneyRegisterProtocolDriver(registry, &driver),
                    withUnsafeMutablePointer(to: &chars) {
                        $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                            NdisSetOptionalHandlers(driver, $0)
                        }
                    },
                    NdisChimneyOpenBinding(driver, nil, &binding),
                    NdisChimneyCloseBinding(binding),
                    NdisChimneyDeregisterProtocolDriver(driver),
                ]
                if statuses.contains(where: { $0 != NDIS_STATUS_SUCCESS }) {
                    failures.wrappingAdd(1, ordering: .relaxed)
                }
                NdisChimneyDestroyRegistry(registry)
                // The driver's registry is gone: its handle must be refused.
                if NdisChimneyDeregisterProtocolDriver(driver) != NDIS_STATUS_INVALID_PARAMETER {
                    failures.wrappingAdd(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
