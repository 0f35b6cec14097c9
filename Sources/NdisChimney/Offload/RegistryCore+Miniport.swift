import CNdisChimneyPlatform
import Synchronization

// The control path for the offload target's side: miniport drivers, their
// adapters, and what the library tells about the offload calls it refused.
// What the `ProtocolRegistry` methods of the same names, and the C entry
// points, run; all of it under the registry's control lock but a removal's
// wait for the calls still in flight in the adapter.

extension RegistryCore {
    /// See `ProtocolRegistry.registerMiniportDriver`.
    func registerMiniportDriver() throws(RegistryError) -> MiniportDriverHandle {
        MiniportDriverHandle(rawValue: try registerDriver(.miniportDriver))
    }

    /// See `ProtocolRegistry.deregisterMiniportDriver`.
    func deregisterMiniportDriver(_ driver: MiniportDriverHandle) throws(RegistryError) {
        try deregisterDriver(driver.rawValue, .miniportDriver) { .driverHasAdapters(count: $0) }
    }

    /// See `ProtocolRegistry.addAdapter`.
    func addAdapter(
        miniportDriver driver: MiniportDriverHandle, context: UnsafeMutableRawPointer?
    ) throws(RegistryError) -> AdapterHandle {
        try control.withLock { state throws(RegistryError) in
            guard let driverIndex = index(of: driver.rawValue, .miniportDriver, in: state) else {
                throw .unknownDriver(handle: driver.rawValue)
            }
            let record = capacities.protocolDrivers + driverIndex
            let (index, handle) = try state.issue(.adapter, registry: id, capacities: capacities)
            // The slot is closed and drained: no call reads these now, nor
            // counts (only in an adapter it entered, or through a binding
            // bound to it, which keeps it added). The counts start again at
            // 0: they are this adapter's, since it was added.
            let adapter = tables.adapter(at: UInt(index) << UInt(HandleBits.slotShift))
            adapter.pointee.context = context
            adapter.pointee.provider = storage.entryPoints + record
            adapter.pointee.refusedCompletions.store(0, ordering: .relaxed)
            adapter.pointee.refusedIndications.store(0, ordering: .relaxed)
            adapter.pointee.failedRequests.store(0, ordering: .relaxed)
            adapter.pointee.state.open(generation: HandleBits.generation(of: handle))
            state.adapters[index] = AdapterRecord(handle: handle, miniport: record)
            state.drivers[record].children += 1
            return AdapterHandle(rawValue: handle)
        }
    }

    /// See `ProtocolRegistry.removeAdapter`: refused while bindings are bound
    /// to it; otherwise closed to completions and indications at once, and
    /// freed once those in flight (refused ones: a completion needs a bound
    /// binding to be delivered) have returned.
    func removeAdapter(_ adapter: AdapterHandle) throws(RegistryError) {
        let index = try control.withLock { state throws(RegistryError) in
            guard let index = self.index(of: adapter.rawValue, .adapter, in: state) else {
                throw .unknownAdapter(handle: adapter.rawValue)
            }
            let bound = state.adapters[index].boundBindings
            guard bound == 0 else { throw .adapterHasBindings(count: bound) }
            state.adapters[index].handle = 0
            tables.adapter(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.state.close()
            return index
        }
        let slot = tables.adapter(at: UInt(index) << UInt(HandleBits.slotShift))
        _ = tables.waitForRundown(
            in: slot, state: slot.pointee.state, isDrained: { slot.pointee.state.inFlight == 0 }, until: nil)
        control.withLock { state in
            state.drivers[state.adapters[index].miniport].children -= 1
            state.adapters[index] = AdapterRecord()
            state.push(index, .adapter)
        }
    }

    /// See `ProtocolRegistry.counts(of:)`.
    func counts(of adapter: AdapterHandle) throws(RegistryError) -> AdapterCounts {
        try control.withLock { state throws(RegistryError) in
            guard let index = self.index(of: adapter.rawValue, .adapter, in: state) else {
                throw .unknownAdapter(handle: adapter.rawValue)
            }
            let slot = tables.adapter(at: UInt(index) << UInt(HandleBits.slotShift))
            return AdapterCounts(
                refusedCompletions: slot.pointee.refusedCompletions.load(ordering: .relaxed),
                refusedIndications: slot.pointee.refusedIndications.load(ordering: .relaxed),
                failedRequests: slot.pointee.failedRequests.load(ordering: .relaxed))
        }
    }

    /// See `ProtocolRegistry.setOffloadHook`: the function and its context,
    /// replaced as one pair (hot paths read them together).
    func setOffloadHook(_ function: OffloadHookFunction?, context: UnsafeMutableRawPointer?) {
        let pair = EntryPoints { entryPoint in
            switch entryPoint.rawValue {
            case 0: UInt64(UInt(bitPattern: function.map { unsafeBitCast($0, to: UnsafeRawPointer.self) }))
            case 1: UInt64(UInt(bitPattern: context))
            default: 0
            }
        }
        control.withLock { _ in tables.header.pointee.hook.pointee.replace(with: pair) }
    }
}

/// What the library could not deliver for one adapter, counted since it was
/// added. The offload routines return nothing in the WDK, so this (and the
/// offload hook) is how a caller learns of it.
///
/// The corresponding C type is `NDIS_CHIMNEY_ADAPTER_COUNTS`.
public struct AdapterCounts: Hashable, Sendable {
    /// `NdisM*Complete` calls refused (an unknown or foreign SourceHandle, a
    /// request completed twice, another adapter's binding): never delivered.
    public var refusedCompletions: UInt
    /// `NdisMOffloadEventIndicate` calls refused: never delivered.
    public var refusedIndications: UInt
    /// Requests on its bindings that it could not take (its miniport driver
    /// installed no handler for them), completed by the library with a
    /// failure Status, or refused for want of a block list or at the
    /// binding's in-flight limit.
    public var failedRequests: UInt

    /// The counts, as given.
    public init(refusedCompletions: UInt, refusedIndications: UInt, failedRequests: UInt) {
        self.refusedCompletions = refusedCompletions
        self.refusedIndications = refusedIndications
        self.failedRequests = failedRequests
    }
}
