import Foundation
import NdisChimney
import Synchronization
import Testing

// Regression tests for the offload loop's findings fixed in 0ab2092. The
// races (F1, F3, F4) are here, each driving the interleaving its finding
// describes many times, in well under a second; the refusals (F6, F7) are in
// OffloadRaceRegressionTests+Refusals.swift.

/// A thread that runs `body(step)` once for each step the test starts,
/// spinning between steps rather than sleeping, so that its call and the
/// test's own begin at nearly the same moment.
///
/// `@unchecked Sendable`: its state is atomics and a semaphore.
private final class Partner: @unchecked Sendable {
    private let started = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable (Int) -> Void) {
        Thread.detachNewThread { [self] in
            var step = 1
            while true {
                var spins = 0
                while started.load(ordering: .acquiring) < step {
                    guard !stopped.load(ordering: .acquiring) else {
                        exited.signal()
                        return
                    }
                    spins += 1
                    if spins % 4096 == 0 { sched_yield() }
                }
                body(step)
                finished.store(step, ordering: .releasing)
                step += 1
            }
        }
    }

    /// Lets the partner run step `step` (numbered from 1, in order).
    func start(_ step: Int) { started.store(step, ordering: .releasing) }

    /// Waits until the partner has run step `step`, spinning a little
    /// first (a partner that outlasts that may need this thread's core).
    func wait(_ step: Int) {
        var spins = 0
        while finished.load(ordering: .acquiring) < step {
            spins += 1
            if spins % 256 == 0 { sched_yield() }
        }
    }

    /// Ends the partner thread once it is between steps, and waits for it.
    func stop() {
        stopped.store(true, ordering: .releasing)
        exited.wait()
    }
}

/// Busy-waits for `units` atomic increments, to shift one thread's call
/// against another's by a few nanoseconds each.
private func pause(_ units: Int) {
    let ticks = Atomic<Int>(0)
    for _ in 0..<units { ticks.wrappingAdd(1, ordering: .relaxed) }
}

/// A binding context whose completion handlers only count, by block list,
/// and an offload hook that only counts, by reason: a delivery or refusal
/// takes nanoseconds (a ProtocolProbe's or HookLog's takes a lock and grows
/// an array), so that racing calls overlap as they would in a driver.
/// `@unchecked Sendable`: its state is atomics and constants.
private final class Tally: @unchecked Sendable {
    let first: UInt
    let second: UInt
    let deliveredFirst = Atomic<Int>(0)
    let deliveredSecond = Atomic<Int>(0)
    let deliveredOther = Atomic<Int>(0)
    let notOutstanding = Atomic<Int>(0)
    let otherRefusals = Atomic<Int>(0)
    /// Run by the handler, on the delivering thread, after it counts a
    /// delivery of `first`; set before any completion can reach it.
    var onFirst: (() -> Void)?

    /// Counts deliveries of `first`, of `second`, and of anything else.
    init(first: UnsafeMutablePointer<COffloadBlockList>, second: UnsafeMutablePointer<COffloadBlockList>) {
        (self.first, self.second) = (address(first), address(second))
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// A binding of a new protocol driver whose five completion handlers
    /// count into this tally, bound to adapter `adapter` of `stack`; the
    /// registry's offload hook counts into it too.
    func bind(_ stack: OffloadStack, adapter: Int = 0) throws -> BindingHandle {
        var chars = probeCharacteristics()
        chars.InitiateOffloadCompleteHandler = { Tally.record($0, $1) }
        chars.TerminateOffloadCompleteHandler = { Tally.record($0, $1) }
        chars.UpdateOffloadCompleteHandler = { Tally.record($0, $1) }
        chars.InvalidateOffloadCompleteHandler = { Tally.record($0, $1) }
        chars.QueryOffloadCompleteHandler = { Tally.record($0, $1) }
        let driver = try stack.registry.registerProtocolDriver()
        try stack.registry.setChimneyCharacteristics(chars, for: driver)
        stack.registry.setOffloadHook(
            { context, _, _, _, reason in
                let tally = Unmanaged<Tally>.fromOpaque(context!).takeUnretainedValue()
                if reason == OffloadRefusal.notOutstanding.rawValue {
                    tally.notOutstanding.wrappingAdd(1, ordering: .relaxed)
                } else {
                    tally.otherRefusals.wrappingAdd(1, ordering: .relaxed)
                }
            }, context: context)
        return try stack.registry.openBinding(driver: driver, adapter: stack.adapters[adapter], context: context)
    }

    private static func record(_ context: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
        let tally = Unmanaged<Tally>.fromOpaque(context!).takeUnretainedValue()
        switch UInt(bitPattern: list) {
        case tally.first:
            tally.deliveredFirst.wrappingAdd(1, ordering: .relaxed)
            tally.onFirst?()
        case tally.second: tally.deliveredSecond.wrappingAdd(1, ordering: .relaxed)
        default: tally.deliveredOther.wrappingAdd(1, ordering: .relaxed)
        }
    }
}

@Suite("Offload loop findings fixed in 0ab2092", .serialized)
struct OffloadRaceRegressionTests {
    @Test(
        "F1: closeBinding racing the completion of the binding's last request returns only once its handler finished",
        .timeLimit(.minutes(1)))
    func closeWaitsForDeliveringCompletion() throws {
        // On 9b84ded this passes all the same: once drained, the close also
        // waited for the calls in flight (after retiring the handle), which
        // hid the early return. It fails there with that second wait removed,
        // and guards the three-load isDrained should that wait ever change.
        let stack = try OffloadStack()
        stack.targets[0].mode = .custom  // keeps nothing: the partner completes
        let (registry, adapter) = (stack.registry, stack.adapters[0])
        nonisolated(unsafe) let list = stack.lists.make()
        let partner = Partner { step in
            pause(step % 256)
            registry.complete(.terminate, on: adapter, blockList: miniportView(list))
        }
        defer { partner.stop() }
        let running = Atomic<Bool>(false)
        let finished = Atomic<Int>(0)
        var early = 0
        let deadline = Date.now + 0.4
        var steps = 0
        while steps < 10_000 && Date.now < deadline {
            steps += 1
            let (binding, probe) = try stack.bind(0)
            probe.onDelivery = { _ in
                running.store(true, ordering: .releasing)
                pause(300)
                running.store(false, ordering: .releasing)
                finished.wrappingAdd(1, ordering: .releasing)
            }
            registry.request(.terminate, on: binding, blockList: list)
            partner.start(steps)
            try registry.closeBinding(binding, waitingAtMost: 5_000)
            probe.closed.store(true, ordering: .releasing)
            // The close waited for the request outstanding: its completion
            // was delivered, and its handler had returned.
            if running.load(ordering: .acquiring) || finished.load(ordering: .acquiring) != steps { early += 1 }
            partner.wait(steps)
            #expect(probe.late.load(ordering: .relaxed) == 0, "step \(steps): delivered after the close returned")
        }
        #expect(early == 0, "\(early) of \(steps) closes returned before the completion's handler finished")
        #expect(stack.hook.refusals.isEmpty)
        #expect(try stack.counts(0) == noCounts)
    }

    @Test(
        "F3: forged completions racing requests that fail for want of a provider handler: none delivered, no underflow",
        .timeLimit(.minutes(1)))
    func forgedCompletionsDuringFailedRequests() throws {
        // The adapter's miniport driver has no QueryOffload handler, so each
        // query fails at once (NOT_SUPPORTED) and is never outstanding.
        let stack = try OffloadStack(installProviders: false)
        try stack.registry.setProviderCharacteristics(
            providerCharacteristics(omitting: .query), for: stack.miniportDrivers[0])
        let (registry, adapter) = (stack.registry, stack.adapters[0])
        nonisolated(unsafe) let (list, forged) = (stack.lists.make(), stack.lists.make())
        let tally = Tally(first: list, second: forged)
        let binding = try tally.bind(stack)
        let requests = Atomic<Int>(0)
        let forgeries = Atomic<Int>(0)
        let ready = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        onThreads(2) { thread in
            ready.add(1, ordering: .acquiringAndReleasing)
            while ready.load(ordering: .acquiring) < 2 {}
            var count = 0
            if thread == 0 {
                // Until a forged completion is delivered, or 0.25 seconds.
                let deadline = Date.now + 0.25
                while tally.deliveredSecond.load(ordering: .relaxed) == 0 {
                    registry.request(.query, on: binding, blockList: list)
                    count += 1
                    if count % 1024 == 0 && Date.now > deadline { break }
                }
                requests.store(count, ordering: .releasing)
                done.store(true, ordering: .releasing)
            } else {
                // A target that writes the binding's handle into a block
                // list of its own and completes it, over and over.
                while !done.load(ordering: .acquiring) {
                    forged.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: binding.rawValue)
                    registry.complete(.update, on: adapter, blockList: miniportView(forged))
                    count += 1
                }
                forgeries.store(count, ordering: .releasing)
            }
        }
        let (made, forgedCount) = (requests.load(ordering: .acquiring), forgeries.load(ordering: .acquiring))
        #expect(tally.deliveredSecond.load(ordering: .relaxed) == 0, "a forged completion was delivered")
        #expect(tally.deliveredFirst.load(ordering: .relaxed) == made, "each failed request delivered once")
        #expect(tally.notOutstanding.load(ordering: .relaxed) == forgedCount)
        #expect(tally.otherRefusals.load(ordering: .relaxed) == 0 && tally.deliveredOther.load(ordering: .relaxed) == 0)
        #expect(
            try stack.counts(0)
                == AdapterCounts(
                    refusedCompletions: UInt(forgedCount), refusedIndications: 0, failedRequests: UInt(made)))
        // Nothing is outstanding: the close need not wait.
        try registry.closeBinding(binding, waitingAtMost: 100)
    }

    @Test(
        "F4: a list completed twice at once while another list completes: each delivered exactly once, close succeeds",
        .timeLimit(.minutes(1))
    )
    func duplicateCompletionDoesNotBorrowAnothersCount() throws {
        let stack = try OffloadStack()
        stack.targets[0].mode = .custom  // keeps nothing: the test completes
        let (registry, adapter) = (stack.registry, stack.adapters[0])
        nonisolated(unsafe) let (first, second) = (stack.lists.make(), stack.lists.make())
        let tally = Tally(first: first, second: second)
        let binding = try tally.bind(stack)
        // Whichever completion of the first list wins completes the second
        // from the first's handler, while the other may still be at work
        // on its duplicate.
        let chained = Atomic<Int>(0)
        tally.onFirst = {
            registry.complete(.query, on: adapter, blockList: miniportView(second))
            chained.wrappingAdd(1, ordering: .releasing)
        }
        // Each step, a target completes the first list over and over until
        // it is delivered (a completion that finds it taken is refused),
        // racing this thread's one completion of it. Only while it is
        // requested: the partner starts after the requests and this thread
        // requests again only after the partner is done.
        let deadline = Date.now + 0.8
        let partner = Partner { step in
            var tries = 0
            while tally.deliveredFirst.load(ordering: .relaxed) < step {
                registry.complete(.update, on: adapter, blockList: miniportView(first))
                tries += 1
                if tries % 4096 == 0 && Date.now > deadline + 1 { break }
            }
        }
        defer { partner.stop() }
        var missed: Int?
        var steps = 0
        while steps < 200_000 && Date.now < deadline && missed == nil {
            steps += 1
            registry.request(.query, on: binding, blockList: second)
            registry.request(.update, on: binding, blockList: first)
            partner.start(steps)
            pause(steps % 64)
            registry.complete(.update, on: adapter, blockList: miniportView(first))
            // Until the second list's completion has returned.
            var spins = 0
            while chained.load(ordering: .acquiring) < steps {
                spins += 1
                if spins % 4096 == 0 && Date.now > deadline + 1 { break }
            }
            partner.wait(steps)
            let deliveredFirst = tally.deliveredFirst.load(ordering: .relaxed)
            if deliveredFirst != steps || tally.deliveredSecond.load(ordering: .relaxed) != steps { missed = steps }
        }
        #expect(missed == nil, "step \(missed ?? 0) of \(steps): a list not delivered exactly once")
        #expect(tally.deliveredFirst.load(ordering: .relaxed) == steps)
        #expect(tally.deliveredSecond.load(ordering: .relaxed) == steps)
        #expect(tally.deliveredOther.load(ordering: .relaxed) == 0)
        // Every other completion of the first list was refused, and counted.
        let refused = tally.notOutstanding.load(ordering: .relaxed) + tally.otherRefusals.load(ordering: .relaxed)
        #expect(try stack.counts(0).refusedCompletions == UInt(refused))
        // Nothing is left outstanding: the close need not wait.
        try registry.closeBinding(binding, waitingAtMost: 100)
    }
}
