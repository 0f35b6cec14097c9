import CBaseline
import NdisChimney

/// One registry with `bindings` open bindings of one driver whose six entry
/// points are C's `baseline_count`, created through the C API; the same
/// bindings as a C table for the baseline; and the loops each path runs.
///
/// `@unchecked Sendable`: every stored property is a `let` set in `init`; the
/// buffers are written in `init` only and freed in `deinit`.
public final class DispatchFixture: @unchecked Sendable {
    /// The registry as C holds it.
    public let cRegistry: OpaquePointer
    /// The same registry as Swift holds it.
    public let registry: ProtocolRegistry
    /// `bindings - 1`: the loops take binding `i & mask`.
    public let mask: Int
    /// The open bindings' handles, for Swift and for C.
    public let handles: UnsafeMutablePointer<BindingHandle>
    public let cHandles: UnsafeMutablePointer<NDIS_HANDLE?>
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
    /// The driver, for the control-path cycle.
    public let driver: NDIS_HANDLE?
    /// The C dispatcher with the library's guarantees, its handles and its queue.
    public let guarded: OpaquePointer
    public let guardedHandles: UnsafeMutablePointer<NDIS_HANDLE?>
    public let guardedBatch: UnsafeMutableBufferPointer<Completion>

    /// Sets up `bindings` (a power of two, at most 65535) open bindings.
    public init(bindings: Int, batchSize: Int = 64, entryPoint: EntryPoint = .queryOffloadComplete) {
        precondition(bindings > 0 && bindings & (bindings - 1) == 0, "bindings must be a power of two")
        var created: OpaquePointer?
        // One binding slot to spare, for the control-path cycle.
        precondition(NdisChimneyCreateRegistry(1, ULONG(bindings + 1), &created) == NDIS_STATUS_SUCCESS)
        cRegistry = created!
        registry = Unmanaged<ProtocolRegistry>.fromOpaque(UnsafeRawPointer(cRegistry)).takeUnretainedValue()
        mask = bindings - 1
        var driver: NDIS_HANDLE?
        precondition(NdisChimneyRegisterProtocolDriver(cRegistry, &driver) == NDIS_STATUS_SUCCESS)
        characteristics = .allocate(capacity: 1)
        characteristics.initialize(to: baseline_characteristics())
        precondition(
            characteristics.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                NdisSetOptionalHandlers(driver, $0)
            } == NDIS_STATUS_SUCCESS)
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
        list = .allocate(capacity: 1)
        entries = .allocate(capacity: 6)
        for index in 0..<6 { (entries + index).initialize(to: baseline_count) }
        handles = .allocate(capacity: bindings)
        cHandles = .allocate(capacity: bindings)
        table = .allocate(capacity: bindings)
        for index in 0..<bindings {
            var handle: NDIS_HANDLE?
            precondition(NdisChimneyOpenBinding(driver, counter, &handle) == NDIS_STATUS_SUCCESS)
            (handles + index).initialize(to: BindingHandle(handle))
            (cHandles + index).initialize(to: handle)
            (table + index).initialize(to: baseline_binding(context: counter, entries: entries))
        }
        batch = .allocate(capacity: batchSize)
        for index in 0..<batchSize {
            (batch.baseAddress! + index).initialize(
                to: Completion(entryPoint, for: handles[index & mask], blockList: list))
        }
        self.driver = driver
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
        NdisChimneyDestroyRegistry(cRegistry)
        guarded_destroy(guarded)
        for pointer in [
            UnsafeMutableRawPointer(handles), UnsafeMutableRawPointer(cHandles), UnsafeMutableRawPointer(table),
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

    /// `n` dispatches through the C entry point, from a C loop.
    public func cEntryPoint(_ entryPoint: EntryPoint, _ n: Int) -> Int {
        baseline_entry_point(cRegistry, cHandles, mask, UInt32(entryPoint.rawValue), list, n)
    }

    /// `n` dispatches through the C dispatcher with the library's guarantees, from a C loop.
    public func cGuarded(_ entryPoint: EntryPoint, _ n: Int) -> Int {
        baseline_guarded(guarded, guardedHandles, mask, UInt32(entryPoint.rawValue), list, n)
    }

    /// `rounds` batches through the C entry point, from a C loop.
    public func cEntryPointBatch(_ rounds: Int) -> Int {
        baseline_entry_point_batch(cRegistry, batch.baseAddress, ULONG(batch.count), rounds)
    }

    /// `rounds` batches through the C dispatcher with the library's guarantees.
    public func cGuardedBatch(_ rounds: Int) -> Int {
        baseline_guarded_batch(guarded, guardedBatch.baseAddress, ULONG(guardedBatch.count), rounds)
    }

    /// `n` control-path cycles through the C entry points:
    /// NdisSetOptionalHandlers, NdisChimneyOpenBinding, NdisChimneyCloseBinding.
    /// Returns how many cycles succeeded.
    public func cControlCycle(_ n: Int) -> Int {
        var succeeded = 0
        for _ in 0..<n {
            var binding: NDIS_HANDLE?
            let installed = characteristics.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                NdisSetOptionalHandlers(driver, $0)
            }
            if installed == NDIS_STATUS_SUCCESS,
                NdisChimneyOpenBinding(driver, counter, &binding) == NDIS_STATUS_SUCCESS,
                NdisChimneyCloseBinding(binding) == NDIS_STATUS_SUCCESS
            {
                succeeded += 1
            }
        }
        return succeeded
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
}
