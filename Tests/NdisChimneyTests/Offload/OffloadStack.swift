import NdisChimney

/// A registry with both sides of the loop: one protocol driver with
/// `probeCharacteristics` installed; `miniportDrivers` miniport drivers,
/// each with provider set 1 installed unless `installProviders` is false;
/// `adapters` adapters (adapter `i` of miniport driver `i % miniportDrivers`),
/// each with a FakeTarget as its MiniportAdapterContext, and room for one
/// adapter more; a HookLog as the offload hook; and `limits`, lowered for
/// tests that reach them. Keeps every probe and target it made alive as
/// long as itself.
final class OffloadStack {
    let registry: ProtocolRegistry
    let protocolDriver: DriverHandle
    let miniportDrivers: [MiniportDriverHandle]
    /// One per adapter, in order.
    let targets: [FakeTarget]
    let hook = HookLog()
    let lists = BlockLists()
    private var probes: [ProtocolProbe] = []

    init(
        miniportDrivers driverCount: Int = 1, adapters: Int = 1, bindings: Int = 8, installProviders: Bool = true,
        limits: RegistryLimits = .maximum
    ) throws {
        let registry = try ProtocolRegistry(
            RegistryCapacities(
                protocolDrivers: 2, bindings: bindings, miniportDrivers: driverCount, adapters: adapters + 1),
            limits: limits)
        self.registry = registry
        protocolDriver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(probeCharacteristics(), for: protocolDriver)
        let drivers = try (0..<driverCount).map { _ in try registry.registerMiniportDriver() }
        if installProviders {
            for driver in drivers { try registry.setProviderCharacteristics(providerCharacteristics(), for: driver) }
        }
        miniportDrivers = drivers
        targets = try (0..<adapters).map { index in
            let target = FakeTarget(registry: registry)
            target.adapter = try registry.addAdapter(
                miniportDriver: drivers[index % driverCount], context: target.context)
            return target
        }
        registry.setOffloadHook(HookLog.function, context: hook.context)
    }

    /// The adapters' handles, in order.
    var adapters: [AdapterHandle] { targets.map(\.adapter) }

    /// Opens a binding of the protocol driver bound to adapter `adapter`
    /// (none for nil), with a new probe as its context.
    func bind(_ adapter: Int?, driver: DriverHandle? = nil) throws -> (handle: BindingHandle, probe: ProtocolProbe) {
        let probe = ProtocolProbe()
        probes.append(probe)
        let handle = try registry.openBinding(
            driver: driver ?? protocolDriver, adapter: adapter.map { targets[$0].adapter }, context: probe.context)
        return (handle, probe)
    }

    /// What the library could not deliver for adapter `adapter`.
    func counts(_ adapter: Int) throws -> AdapterCounts { try registry.counts(of: targets[adapter].adapter) }
}

/// Counts of nothing refused and nothing failed.
let noCounts = AdapterCounts(refusedCompletions: 0, refusedIndications: 0, failedRequests: 0)

/// Zeroed block lists for one test, freed with it.
final class BlockLists {
    private var made: [UnsafeMutablePointer<COffloadBlockList>] = []

    /// A new zeroed block list (Status and SourceHandle 0).
    func make() -> UnsafeMutablePointer<COffloadBlockList> {
        let list = UnsafeMutablePointer<COffloadBlockList>.allocate(capacity: 1)
        list.initialize(to: COffloadBlockList())
        made.append(list)
        return list
    }

    deinit { made.forEach { $0.deallocate() } }
}

/// The offload target's view of a protocol's block list: the same memory.
func miniportView(_ list: UnsafeMutablePointer<COffloadBlockList>) -> UnsafeMutablePointer<CMiniportOffloadBlockList> {
    UnsafeMutableRawPointer(list).assumingMemoryBound(to: CMiniportOffloadBlockList.self)
}

/// A pointer's address, as the records keep it.
func address<T>(_ pointer: UnsafeMutablePointer<T>?) -> UInt { UInt(bitPattern: pointer) }
