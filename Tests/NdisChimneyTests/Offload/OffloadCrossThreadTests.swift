import Foundation
import NdisChimney
import Synchronization
import Testing

/// The requests the offload targets have queued for the worker threads.
/// `@unchecked Sendable`: `items` and `closed` are used only under
/// `condition` (a pthread mutex and condition variable, which
/// ThreadSanitizer sees).
private final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [(AdapterHandle, OffloadRequest, UnsafeMutablePointer<CMiniportOffloadBlockList>)] = []
    private var closed = false

    func push(_ item: (AdapterHandle, OffloadRequest, UnsafeMutablePointer<CMiniportOffloadBlockList>)) {
        condition.withLock {
            items.append(item)
            condition.signal()
        }
    }

    /// The next item, or nil once the queue is closed and empty.
    func pop() -> (AdapterHandle, OffloadRequest, UnsafeMutablePointer<CMiniportOffloadBlockList>)? {
        condition.withLock {
            while items.isEmpty && !closed { condition.wait() }
            return items.isEmpty ? nil : items.removeFirst()
        }
    }

    /// No more items will come: wakes the workers to drain and stop.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}

/// Shared state of one run. `@unchecked Sendable`: everything is set up
/// before the threads start and only read by them (the probes, targets and
/// queue guard their own state); the lists are written by one thread at a
/// time, handed over through the target's call and the queue's lock.
private final class Run: @unchecked Sendable {
    let stack: OffloadStack
    let bindings: [BindingHandle]
    let probes: [ProtocolProbe]
    /// Binding `i` is bound to adapter `i % adapters`.
    let adapters: Int
    let queue = WorkQueue()
    let lists: [UnsafeMutablePointer<COffloadBlockList>]

    init(adapters: Int, bindingsPerAdapter: Int, requests: Int) throws {
        let stack = try OffloadStack(miniportDrivers: 2, adapters: adapters, bindings: adapters * bindingsPerAdapter)
        let bound = try (0..<adapters * bindingsPerAdapter).map { try stack.bind($0 % adapters) }
        lists = (0..<requests).map { _ in stack.lists.make() }
        (self.stack, self.adapters) = (stack, adapters)
        bindings = bound.map(\.handle)
        probes = bound.map(\.probe)
    }
}

@Suite("Completions from other threads")
struct OffloadCrossThreadTests {
    @Test(
        "Requests from 4 threads, queued and completed by 3 workers while the bindings close: each delivered once, right",
        .timeLimit(.minutes(1)))
    func queuedCompletions() throws {
        let requesters = 4
        let perRequester = 3_000
        let run = try Run(adapters: 4, bindingsPerAdapter: 4, requests: requesters * perRequester)
        for target in run.stack.targets {
            target.mode = .custom
            let adapter = target.adapter
            // Unowned: the run owns the target, which owns this closure.
            target.onRequest = { [unowned run] request, list in
                // One in four completed at once, on the requesting thread.
                if list.pointee.Scratch.0 == UnsafeMutableRawPointer(bitPattern: 1) {
                    run.stack.registry.complete(request, on: adapter, blockList: list)
                } else {
                    run.queue.push((adapter, request, list))
                }
            }
        }
        let requesting = Atomic<Int>(requesters)
        // The workers start only as the closes begin, so that every close
        // has requests of its binding outstanding and must wait for them.
        let released = Atomic<Bool>(false)
        onThreads(requesters + 3 + 1) { thread in
            switch thread {
            case 0..<requesters:
                for step in 0..<perRequester {
                    let index = thread * perRequester + step
                    let list = run.lists[index]
                    let binding = (thread * 5 + step) % run.bindings.count
                    // What the completion must match: the binding's probe
                    // and the request, in the protocol's own fields.
                    list.pointee.ProtocolReserved.0 = run.probes[binding].context
                    list.pointee.ProtocolReserved.1 = UnsafeMutableRawPointer(bitPattern: step % 5 + 1)
                    list.pointee.Scratch.0 = UnsafeMutableRawPointer(bitPattern: step % 4 == 0 ? 1 : 2)
                    run.stack.registry.request(
                        OffloadRequest.allCases[step % 5], on: run.bindings[binding], blockList: list)
                }
                requesting.subtract(1, ordering: .releasing)
            case requesters..<requesters + 3:
                while !released.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.0005) }
                while let (adapter, request, list) = run.queue.pop() {
                    run.stack.registry.complete(request, on: adapter, blockList: list)
                }
            default:
                // Once the requesters are done, close every binding while the
                // workers complete: each close must wait for its own requests.
                while requesting.load(ordering: .acquiring) > 0 { Thread.sleep(forTimeInterval: 0.0005) }
                released.store(true, ordering: .releasing)
                for (binding, probe) in zip(run.bindings, run.probes) {
                    run.stack.registry.request(.query, on: binding, blockList: nil)
                    try! run.stack.registry.closeBinding(binding)
                    probe.closed.store(true, ordering: .releasing)
                }
                run.queue.close()
            }
        }

        // Each list arrived exactly once, at the binding it was requested on,
        // at the completion handler of its request, SourceHandle taken.
        var arrivals = [Int](repeating: 0, count: run.lists.count)
        let index = Dictionary(uniqueKeysWithValues: run.lists.enumerated().map { (address($1), $0) })
        var misrouted = 0
        for probe in run.probes {
            for delivery in probe.deliveries {
                guard let at = index[delivery.list] else {
                    misrouted += 1
                    continue
                }
                arrivals[at] += 1
                let list = run.lists[at]
                let request = Int(bitPattern: list.pointee.ProtocolReserved.1) - 1
                if list.pointee.ProtocolReserved.0 != probe.context || delivery.entryPoint.rawValue != request
                    || delivery.sourceHandle != 0 || delivery.status != NDIS_STATUS_SUCCESS
                {
                    misrouted += 1
                }
            }
        }
        #expect(
            arrivals.allSatisfy { $0 == 1 }, "\(arrivals.filter { $0 != 1 }.count) lists not delivered exactly once")
        #expect(misrouted == 0)
        #expect(run.probes.allSatisfy { $0.late.load(ordering: .relaxed) == 0 }, "a delivery after its close returned")
        for adapter in 0..<run.adapters {
            #expect(
                try run.stack.counts(adapter)
                    == AdapterCounts(refusedCompletions: 0, refusedIndications: 0, failedRequests: 4))
        }
        // The only refusals: one list-less request per binding, as it closed.
        let refusals = run.stack.hook.refusals
        #expect(refusals.count == run.bindings.count && refusals.allSatisfy { $0.reason == .noBlockList })
        #expect(run.stack.targets.reduce(0) { $0 + $1.received.count } == run.lists.count)
    }
}
