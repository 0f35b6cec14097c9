import CBaseline
import NdisChimney

/// One registry with `bindings` open bindings of one driver whose six entry
/// points are C's `baseline_count`, made through the Swift API; the same
/// bindings as a C table and in the C dispatcher with the library's
/// guarantees, for the baselines; and the loops each path runs. (The C entry
/// points are measured from C, against the library C users install:
/// Benchmarks/C/bench.c.)
///
/// `@unchecked Sendable`: every stored property is a `let` set in `init`; the
/// buffers are written in `init` only and freed in `deinit`.
public final class DispatchFixture: @unchecked Sendable {
    /// The registry.
    public let registry: ProtocolRegistry
    /// `bindings - 1`: the loops take binding `i & mask`.
    public let mask: Int
    /// The open bindings' handles.
    public let handles: UnsafeMutablePointer<BindingHandle>
    /// The C table baseline's bindings and their entry points.
    public let table: UnsafeMutablePointer<baseline_binding>
    public let entries: UnsafeMutablePointer<INITIATE_OFFLOAD_COMPLETE_HANDLER?>
    /// The characteristics, for the floor.
    public let characteristics: UnsafeMutablePointer<CChimneyCharacteristics>
    /// What `baseline_count` counts into: the context of every binding.
    public let counter: UnsafeMutablePointer<UInt>
    /// A stand-in block list, passed through untouched.
    public let list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST
    /// A completion queue of `batchSize` entries cycling over the bindings.
    public let batch: UnsafeMutableBufferPointer<Completion>
    /// The same queue in an Array, as a Swift caller keeps one.
    public let queue: [Completion]
    /// The C dispatcher with the library's guarantees, its handles and its queue.
    public let guarded: NDIS_HANDLE?
    public let guardedHandles: UnsafeMutablePointer<NDIS_HANDLE?>
    public let guardedBatch: UnsafeMutableBufferPointer<Completion>

    /// Sets up `bindings` (a power of two, at most 65535) open bindings.
    public init(bindings: Int, batchSize: Int = 64, entryPoint: EntryPoint = .queryOffloadComplete) {
        precondition(bindings > 0 && bindings & (bindings - 1) == 0, "bindings must be a power of two")
        registry = try! ProtocolRegistry(driverCapacity: 1, bindingCapacity: bindings)
        mask = bindings - 1
        let driver = try! registry.registerProtocolDriver()
        characteristics = .allocate(capacity: 1)
        characteristics.initialize(to: baseline_characteristics())
        try! registry.setChimneyCharacteristics(characteristics.pointee, for: driver)
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
        list = .allocate(capacity: 1)
        entries = .allocate(capacity: 6)
        for index in 0..<6 { (entries + index).initialize(to: baseline_count) }
        handles = .allocate(capacity: bindings)
        table = .allocate(capacity: bindings)
        for index in 0..<bindings {
            (handles + index).initialize(to: try! registry.openBinding(driver: driver, context: counter))
            (table + index).initialize(to: baseline_binding(context: counter, entries: entries))
        }
        batch = .allocate(capacity: batchSize)
        for index in 0..<batchSize {
            (batch.baseAddress! + index).initialize(
                to: Completion(entryPoint, for: handles[index & mask], blockList: list))
        }
        queue = Array(batch)
        guardedHandles = .allocate(capacity: bindings)
        guarded = guarded_create(bindings, counter, guardedHandles)
        guardedBatch = .allocate(capacity: batchSize)
        for index in 0..<batchSize {
            (guardedBatch.baseAddress! + index).initialize(
                to: Completion(
                    BindingHandle: guardedHandles[index & mask], OffloadBlockList: list,
                    EntryPoint: ULONG(entryPoint.rawValue), IndicationCode: 0))
        }
    }

    deinit {
        guarded_destroy(guarded)
        for pointer in [
            UnsafeMutableRawPointer(handles), UnsafeMutableRawPointer(table),
            UnsafeMutableRawPointer(entries), UnsafeMutableRawPointer(characteristics),
            UnsafeMutableRawPointer(counter),
            UnsafeMutableRawPointer(list), UnsafeMutableRawPointer(batch.baseAddress!),
            UnsafeMutableRawPointer(guardedHandles), UnsafeMutableRawPointer(guardedBatch.baseAddress!),
        ] {
            pointer.deallocate()
        }
    }

    /// The floor: C calls through the structure's field `n` times.
    public func floor(_ n: Int) { baseline_floor(characteristics, counter, list, n) }

    /// The C table baseline, `n` dispatches of `entryPoint`.
    public func cTable(_ entryPoint: EntryPoint, _ n: Int) {
        baseline_table(table, mask, UInt32(entryPoint.rawValue), list, n)
    }

    /// `n` dispatches through the C dispatcher with the library's guarantees, from a C loop.
    public func cGuarded(_ entryPoint: EntryPoint, _ n: Int) -> Int {
        baseline_guarded(guarded, guardedHandles, mask, UInt32(entryPoint.rawValue), list, n)
    }

    /// `rounds` batches through the C dispatcher with the library's guarantees.
    public func cGuardedBatch(_ rounds: Int) -> Int {
        baseline_guarded_batch(guarded, guardedBatch.baseAddress, ULONG(guardedBatch.count), rounds)
    }

    /// `n` single dispatches from Swift.
    @inline(never)
    public func swiftSingle(_ entryPoint: EntryPoint, _ n: Int) -> Int {
        let registry = registry, handles = handles, mask = mask, list = list
        var delivered = 0
        for index in 0..<n where registry.dispatch(entryPoint, to: handles[index & mask], blockList: list) == .delivered
        {
            delivered &+= 1
        }
        return delivered
    }

    /// `rounds` batch dispatches of the whole queue from Swift.
    @inline(never)
    public func swiftBatch(_ rounds: Int) -> Int {
        let registry = registry, batch = UnsafeBufferPointer(batch)
        var delivered = 0
        for _ in 0..<rounds { delivered &+= registry.dispatch(batch: batch) }
        return delivered
    }

    /// `rounds` batch dispatches of the Array's queue, as a Span.
    @inline(never)
    public func swiftBatchSpan(_ rounds: Int) -> Int {
        let registry = registry, queue = queue
        var delivered = 0
        for _ in 0..<rounds { delivered &+= registry.dispatch(batch: queue.span) }
        return delivered
    }

    /// `rounds` batch dispatches of the Array's queue asking for the skipped
    /// ones' reasons (there are none: -1 if any is reported).
    @inline(never)
    public func swiftBatchSkips(_ rounds: Int) -> Int {
        let registry = registry, queue = queue
        var delivered = 0, skipped = 0
        for _ in 0..<rounds {
            delivered &+= registry.dispatch(batch: queue.span) { _, _ in skipped &+= 1 }
        }
        return skipped == 0 ? delivered : -1
    }
}
