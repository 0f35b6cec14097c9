import CNdisChimneyPlatform

/// A registry's state and control path, in memory of its own rather than in
/// the Swift object: `ProtocolRegistry` owns one, a C caller's registry
/// handle names one, and a C entry point that found it through the
/// RegistryDirectory (by a handle alone) borrows it without any reference
/// counting. The directory counts those borrowers and frees a core whose
/// registry has gone away when the last one leaves, so nothing waits and
/// nothing reads freed memory.
///
/// Every method here (RegistryCore+Protocol.swift) is the implementation of
/// the `ProtocolRegistry` method of the same name; see those for what each
/// one promises.
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
    let driverCapacity: Int
    let bindingCapacity: Int
    /// What dispatch reads (the Swift `ProtocolRegistry` keeps a copy).
    let bindings: BindingTable
    /// The bits every driver handle of this registry has (HandleBits).
    let driverConstantBits: UInt

    struct ControlState {
        var drivers: UnsafeMutableBufferPointer<DriverRecord>
        var bindings: UnsafeMutableBufferPointer<BindingRecord>
        var freeDrivers: SlotStack
        var freeBindings: SlotStack
        /// Handles this registry may still give out (lowered by tests).
        var handleBudget: UInt

        /// Takes a free slot of the kind `driver` says and gives it a handle
        /// with a new generation. A refusal takes no slot and no generation:
        /// the process's budget of handle values counts only handles given
        /// out.
        mutating func issue(
            driver: Bool, constantBits: UInt, capacity: Int
        ) throws(RegistryError) -> (index: Int, handle: UInt) {
            guard let index = driver ? freeDrivers.pop() : freeBindings.pop() else {
                throw .capacityExhausted(driver ? .protocolDrivers : .bindings, capacity: capacity)
            }
            guard handleBudget > 0, let generation = HandleBits.nextGeneration() else {
                if driver { freeDrivers.push(index) } else { freeBindings.push(index) }
                throw .handleValuesExhausted(limit: HandleBits.maximumGeneration)
            }
            handleBudget -= 1
            return (index, HandleBits.make(index: index, generation: generation, constantBits: constantBits))
        }
    }

    /// Creates a core for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535) and makes it
    /// findable in the RegistryDirectory; see `ProtocolRegistry.init`. Every
    /// byte the registry will use is allocated here, and a failure leaves
    /// nothing behind.
    static func create(
        driverCapacity: Int, bindingCapacity: Int, limits: RegistryLimits, createdByC: Bool
    ) throws(RegistryError) -> UnsafeMutablePointer<RegistryCore> {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        guard (1...HandleBits.maximumCapacity).contains(driverCapacity) else {
            throw .invalidCapacity(.protocolDrivers, value: driverCapacity, maximum: HandleBits.maximumCapacity)
        }
        guard (1...HandleBits.maximumCapacity).contains(bindingCapacity) else {
            throw .invalidCapacity(.bindings, value: bindingCapacity, maximum: HandleBits.maximumCapacity)
        }
        GenerationKey.draw()
        // Every allocation that can be refused comes first, then the id,
        // then the registry's own handle.
        guard let storage = RegistryStorage(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity) else {
            throw .outOfMemory
        }
        let state = ControlState(
            drivers: storage.driverRecords, bindings: storage.bindingRecords,
            freeDrivers: SlotStack(base: storage.freeSlots.baseAddress!, capacity: driverCapacity),
            freeBindings: SlotStack(base: storage.freeSlots.baseAddress! + driverCapacity, capacity: bindingCapacity),
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
        let header = storage.bindings.bindMemory(to: BindingTable.Header.self, capacity: 1)
        header.initialize(
            to: BindingTable.Header(
                limit: UInt(bindingCapacity), constantBits: HandleBits.constantBits(registry: id, kind: .binding),
                inFlightLimit: limits.inFlight, waiters: waiters))
        let core = memory.bindMemory(to: RegistryCore.self, capacity: 1)
        core.initialize(
            to: RegistryCore(
                id: id,
                handle: HandleBits.make(
                    index: 0, generation: generation,
                    constantBits: HandleBits.constantBits(registry: id, kind: .registry)),
                createdByC: createdByC, storage: storage, control: control, driverCapacity: driverCapacity,
                bindingCapacity: bindingCapacity, bindings: BindingTable(header),
                driverConstantBits: HandleBits.constantBits(registry: id, kind: .protocolDriver)))
        RegistryDirectory.attach(core)
        return core
    }

    /// Whether the registry may go away now: no thread is running one of
    /// its handlers. Throws `calledFromOwnHandler` when this thread is (its
    /// dispatch would return into freed memory), `registryBusy` when others
    /// are. Callers hold the directory's lock, so no call can begin that
    /// finds the registry by a handle.
    func checkIdle() throws(RegistryError) {
        guard !bindings.isAnyEnteredByThisThread() else { throw .calledFromOwnHandler }
        let inFlight = bindings.dispatchesInFlight()
        guard inFlight == 0 else { throw .registryBusy(dispatchesInFlight: Int(inFlight)) }
    }

    /// Frees a core no one uses any more (RegistryDirectory decides when).
    static func destroy(_ core: UnsafeMutablePointer<RegistryCore>) {
        core.pointee.bindings.header.pointee.waiters.destroy()
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
