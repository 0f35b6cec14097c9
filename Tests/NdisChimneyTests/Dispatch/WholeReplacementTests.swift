import Foundation
import NdisChimney
import Synchronization
import Testing

/// One dispatching thread's view: whether it has met the new set yet, and
/// how often it met the old one after that. Each thread has its own record
/// (shared by its two bindings), so only that thread touches it.
private struct Sighting {
    var sawNew = false
    var oldAfterNew = 0
}

private func sawOld(_ context: NDIS_HANDLE?) {
    let sighting = context!.assumingMemoryBound(to: Sighting.self)
    if sighting.pointee.sawNew { sighting.pointee.oldAfterNew += 1 }
}

private func sawNew(_ context: NDIS_HANDLE?) {
    context!.assumingMemoryBound(to: Sighting.self).pointee.sawNew = true
}

private func characteristics(new: Bool) -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(Type: 0x8E, Revision: 1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    if new {
        chars.InitiateOffloadCompleteHandler = { context, _ in sawNew(context) }
        chars.TerminateOffloadCompleteHandler = { context, _ in sawNew(context) }
        chars.UpdateOffloadCompleteHandler = { context, _ in sawNew(context) }
        chars.InvalidateOffloadCompleteHandler = { context, _ in sawNew(context) }
        chars.QueryOffloadCompleteHandler = { context, _ in sawNew(context) }
        chars.IndicateOffloadEventHandler = { context, _, _ in sawNew(context) }
    } else {
        chars.InitiateOffloadCompleteHandler = { context, _ in sawOld(context) }
        chars.TerminateOffloadCompleteHandler = { context, _ in sawOld(context) }
        chars.UpdateOffloadCompleteHandler = { context, _ in sawOld(context) }
        chars.InvalidateOffloadCompleteHandler = { context, _ in sawOld(context) }
        chars.QueryOffloadCompleteHandler = { context, _ in sawOld(context) }
        chars.IndicateOffloadEventHandler = { context, _, _ in sawOld(context) }
    }
    return chars
}

/// `@unchecked Sendable`: `sightings` is allocated before the threads start
/// and freed after they are joined; thread `i` alone touches `sightings[i]`.
private final class Round: @unchecked Sendable {
    let registry: ProtocolRegistry
    let driver: DriverHandle
    let sightings: UnsafeMutablePointer<Sighting>
    let bindings: [[BindingHandle]]
    let started = Atomic<Int>(0)

    init(threads: Int) throws {
        registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 2 * threads)
        driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(characteristics(new: false), for: driver)
        sightings = .allocate(capacity: threads)
        sightings.initialize(repeating: Sighting(), count: threads)
        var bindings: [[BindingHandle]] = []
        for thread in 0..<threads {
            let context = UnsafeMutableRawPointer(sightings + thread)
            bindings.append([
                try registry.openBinding(driver: driver, context: context),
                try registry.openBinding(driver: driver, context: context),
            ])
        }
        self.bindings = bindings
    }

    deinit { sightings.deallocate() }
}

@Suite("Replacing entry points while dispatching")
struct WholeReplacementTests {
    @Test(
        "Once a thread has seen the new set on any binding, it never sees the old one",
        .timeLimit(.minutes(1)), arguments: [false, true])
    func neverHalf(batched: Bool) throws {
        let threads = 2
        for _ in 0..<200 {
            let round = try Round(threads: threads)
            let group = DispatchGroup()
            for thread in 0..<threads {
                group.enter()
                Thread.detachNewThread {
                    round.started.wrappingAdd(1, ordering: .relaxed)
                    var step = 0
                    var afterNew = 0
                    // Every entry point in turn, alternating the thread's two
                    // bindings, until well after the new set has arrived;
                    // batched, six completions of one binding per batch, so
                    // that a replacement lands inside a batch's one entry.
                    while afterNew < 200 {
                        let binding = round.bindings[thread][step & 1]
                        if batched {
                            let batch = (0..<6).map {
                                Completion(EntryPoint(rawValue: $0)!, for: binding, blockList: nil)
                            }
                            _ = batch.withUnsafeBufferPointer { round.registry.dispatch(batch: $0) }
                        } else {
                            _ = round.registry.dispatch(EntryPoint(rawValue: step % 6)!, to: binding, blockList: nil)
                        }
                        if round.sightings[thread].sawNew { afterNew += 1 }
                        step += 1
                    }
                    group.leave()
                }
            }
            while round.started.load(ordering: .relaxed) < threads {}
            try round.registry.setChimneyCharacteristics(characteristics(new: true), for: round.driver)
            group.wait()
            for thread in 0..<threads {
                #expect(round.sightings[thread].oldAfterNew == 0, "thread \(thread) saw the old set after the new one")
            }
        }
    }
}
