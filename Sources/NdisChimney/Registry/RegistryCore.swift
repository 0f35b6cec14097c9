import CNdisChimneyPlatform

/// A registry's state and control path, in memory of its own rather than in
/// the Swift object: `ProtocolRegistry` owns one, a C caller's registry
/// handle names one, and a C entry point that found it through the
/// RegistryDirectory (by a handle alone) borrows it without any reference
/// counting. The directory counts those borrowers and frees a core whose
/// registry has gone away when the last one leaves, so nothing waits and
/// nothing reads freed memory.
///
/// Every method of its extensions (Installation/, Offload/) is the
/// implementation of the `ProtocolRegistry` method of the same name; see
/// those for what each one promises.
struct RegistryCore: ~Copyable {
    /// The registry's id in the process (RegistryDirectory).
    let id: Int
    /// The registry's own handle: what a C caller holds as its
    /// `PNDIS_CHIMNEY_REGISTRY` (HandleBits, kind `registry`).
    let handle: UInt
    /// Whether a C caller created it (and so may destroy it); a Swift
    /// `ProtocolRegistry` owns the others.
    let createdByC: Bool
    let storage: RegistryStorage
    let control: Locked<ControlState>
    let capacities: RegistryCapacities
    /// What the hot paths read (the Swift `ProtocolRegistry` keeps a copy).
    let tables: RegistryTables

    struct ControlState {
        var drivers: UnsafeMutableBufferPointer<DriverRecord>
        var bindings: UnsafeMutableBufferPointer<BindingRecord>
        var adapters: UnsafeMutableBufferPointer<AdapterRecord>
        var freeProtocolDrivers: SlotStack
        var freeBindings: SlotStack
        var freeMiniportDrivers: SlotStack
        var freeAdapters: SlotStack
        /// Handles this registry may still give out (lowered by tests).
        var handleBudget: UInt

        /// Takes a free slot of `kind` and gives it a handle with a new
        /// generation. A refusal takes no slot and no generation: the
        /// process's budget of handle values counts only handles given out.
        mutating func issue(
            _ kind: HandleKind, registry: Int, capacities: RegistryCapacities
        ) throws(RegistryError) -> (index: Int, handle: UInt) {
            guard let index = pop(kind) else {
                switch kind {
                case .protocolDriver: throw .capacityExhausted(.protocolDrivers, capacity: capacities.protocolDrivers)
                case .miniportDriver: throw .capacityExhausted(.miniportDrivers, capacity: capacities.miniportDrivers)
                case .adapter: throw .capacityExhausted(.adapters, capacity: capacities.adapters)
                case .binding, .registry: throw .capacityExhausted(.bindings, capacity: capacities.bindings)
                }
            }
            guard handleBudget > 0, let generation = HandleBits.nextGeneration() else {
                push(index, kind)
                throw .handleValuesExhausted(limit: HandleBits.maximumGeneration)
            }
            handleBudget -= 1
            let constantBits = HandleBits.constantBits(registry: registry, kind: kind)
            return (index, HandleBits.make(index: index, generation: generation, constantBits: constantBits))
        }

        /// A free slot of `kind`, or nil.
        private mutating func pop(_ kind: HandleKind) -> Int? {
            switch kind {
            case .protocolDriver: freeProtocolDrivers.pop()
            case .miniportDriver: freeMiniportDrivers.pop()
            case .adapter: freeAdapters.pop()
            case .binding, .registry: freeBindings.pop()
            }
        }

        /// Gives slot `index` of `kind` back.
        mutating func push(_ index: Int, _ kind: HandleKind) {
            switch kind {
            case .protocolDriver: freeProtocolDrivers.push(index)
            case .miniportDriver: freeMiniportDrivers.push(index)
            case .adapter: freeAdapters.push(index)
            case .binding, .registry: freeBindings.push(index)
            }
        }
    }

    /// Creates a core with `capacities` (protocol drivers and bindings 1 to
    /// 65,535; miniport drivers and adapters 0 to 65,535) and makes it
    /// findable in the RegistryDirectory; see `ProtocolRegistry.init`. Every
    /// byte the registry will use is allocated here, and a failure leaves
    /// nothing behind.
    static func create(
        _ capacities: RegistryCapacities, limits: RegistryLimits, createdByC: Bool
    ) throws(RegistryError) -> UnsafeMutablePointer<RegistryCore> {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        try check(capacities.protocolDrivers, .protocolDrivers, minimum: 1)
        try check(capacities.bindings, .bindings, minimum: 1)
        try check(capacities.miniportDrivers, .miniportDrivers, minimum: 0)
        try check(capacities.adapters, .adapters, minimum: 0)
        GenerationKey.draw()
        // Every allocation that can be refused comes first, then the id,
        // then the registry's own handle.
        guard let storage = RegistryStorage(capacities) else { throw .outOfMemory }
        var stacks = storage.freeSlots
        func stack(_ count: Int) -> SlotStack {
            defer { stacks += count }
            return SlotStack(base: stacks, capacity: count)
        }
        let state = ControlState(
            drivers: storage.driverRecords, bindings: storage.bindingRecords, adapters: storage.adapterRecords,
            freeProtocolDrivers: stack(capacities.protocolDrivers), freeBindings: stack(capacities.bindings),
            freeMiniportDrivers: stack(capacities.miniportDrivers), freeAdapters: stack(capacities.adapters),
            handleBudget: limits.handles)
        guard let memory = malloc(MemoryLayout<RegistryCore>.stride) else {
            storage.deallocate()
            throw .outOfMemory
        }
        guard let control = Locked(state), let waiters = CloseWaiters() else {
            free(memory)
            storage.deallocate()
            throw .outOfMemory
        }
        let id: Int
        let generation: UInt
        do throws(RegistryError) {
            id = try RegistryDirectory.reserve()
            guard let drawn = HandleBits.nextGeneration() else {
                RegistryDirectory.unreserve(id: id)
                throw .handleValuesExhausted(limit: HandleBits.maximumGeneration)
            }
            generation = drawn
        } catch {
            // `control` goes with this scope: its deinit frees the lock.
            waiters.destroy()
            free(memory)
            storage.deallocate()
            throw error
        }
        let header = storage.bindings.bindMemory(to: RegistryTables.Header.self, capacity: 1)
        header.initialize(
            to: RegistryTables.Header(
                limit: UInt(capacities.bindings), constantBits: HandleBits.constantBits(registry: id, kind: .binding),
                inFlightLimit: limits.inFlight, waiters: waiters, adapters: storage.adapters,
                adapterLimit: UInt(capacities.adapters),
                adapterConstantBits: HandleBits.constantBits(registry: id, kind: .adapter),
                hook: storage.entryPoints + capacities.drivers))
        let core = memory.bindMemory(to: RegistryCore.self, capacity: 1)
        core.initialize(
            to: RegistryCore(
                id: id,
                handle: HandleBits.make(
                    index: 0, generation: generation,
                    constantBits: HandleBits.constantBits(registry: id, kind: .registry)),
                createdByC: createdByC, storage: storage, control: control, capacities: capacities,
                tables: RegistryTables(header)))
        RegistryDirectory.attach(core)
        return core
    }

    /// Refuses a capacity outside `minimum`...65,535.
    private static func check(_ value: Int, _ resource: RegistryResource, minimum: Int) throws(RegistryError) {
        guard (minimum...HandleBits.maximumCapacity).contains(value) else {
            throw .invalidCapacity(resource, value: value, minimum: minimum, maximum: HandleBits.maximumCapacity)
        }
    }

    /// The slot of the live handle `handle` of `kind`, checked exactly
    /// against the records, or nil. Callers hold the control lock.
    func index(of handle: UInt, _ kind: HandleKind, in state: borrowing ControlState) -> Int? {
        let capacity: Int
        switch kind {
        case .protocolDriver: capacity = capacities.protocolDrivers
        case .miniportDriver: capacity = capacities.miniportDrivers
        case .adapter: capacity = capacities.adapters
        case .binding, .registry: capacity = capacities.bindings
        }
        guard
            let index = HandleBits.index(
                of: handle, constantBits: HandleBits.constantBits(registry: id, kind: kind), capacity: UInt(capacity))
        else { return nil }
        switch kind {
        case .protocolDriver: return state.drivers[index].handle == handle ? index : nil
        case .miniportDriver: return state.drivers[capacities.protocolDrivers + index].handle == handle ? index : nil
        case .adapter: return state.adapters[index].handle == handle ? index : nil
        case .binding, .registry: return state.bindings[index].handle == handle ? index : nil
        }
    }

    /// Whether the registry may go away now: no thread is running one of
    /// its handlers. Throws `calledFromOwnHandler` when this thread is (its
    /// dispatch would return into freed memory), `registryBusy` when others
    /// are. Callers hold the directory's lock, so no call can begin that
    /// finds the registry by a handle.
    func checkIdle() throws(RegistryError) {
        guard !tables.isAnyEnteredByThisThread() else { throw .calledFromOwnHandler }
        let inFlight = tables.callsInFlight()
        guard inFlight == 0 else { throw .registryBusy(dispatchesInFlight: Int(clamping: inFlight)) }
    }

    /// Frees a core no one uses any more (RegistryDirectory decides when).
    static func destroy(_ core: UnsafeMutablePointer<RegistryCore>) {
        core.pointee.tables.header.pointee.waiters.destroy()
        core.pointee.storage.deallocate()
        core.deinitialize(count: 1)
        free(core)
    }
}

/// Limits that tests lower to reach them quickly; every registry made
/// through the public API has `maximum`.
package struct RegistryLimits: Sendable {
    /// Dispatches in flight on one binding at most.
    package var inFlight: UInt
    /// Handles the registry may give out (the process's own limit, 2^34 - 1
    /// generations, applies to every registry whatever this is).
    package var handles: UInt
    /// The limits every registry made by the public API has.
    package static var maximum: RegistryLimits {
        RegistryLimits(inFlight: HandleBits.maximumInFlight, handles: HandleBits.maximumGeneration)
    }
    /// Limits of your choosing (each at least 1).
    package init(inFlight: UInt, handles: UInt) {
        self.inFlight = min(inFlight, HandleBits.maximumInFlight)
        self.handles = handles
    }
}
