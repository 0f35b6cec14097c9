import CNdisChimneyPlatform

/// A registry's state and control path, in memory of its own rather than in
/// the Swift object: `ProtocolRegistry` owns one, and a C entry point that
/// found it through the RegistryDirectory (by a handle alone) borrows it
/// without any reference counting. The directory counts those borrowers and
/// frees a core whose registry has gone away when the last one leaves, so
/// nothing waits and nothing reads freed memory.
///
/// Every method here is the implementation of the `ProtocolRegistry` method
/// of the same name; see those for what each one promises.
struct RegistryCore: ~Copyable {
    /// The registry's id in the process (RegistryDirectory).
    let id: Int
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
        /// with a new generation. A refusal takes no slot.
        mutating func issue(
            driver: Bool, constantBits: UInt, capacity: Int
        ) throws(InstallationError) -> (index: Int, handle: UInt) {
            let generation = HandleBits.nextGeneration()
            guard generation <= HandleBits.maximumGeneration, handleBudget > 0 else {
                throw .handleValuesExhausted(limit: HandleBits.maximumGeneration)
            }
            guard let index = driver ? freeDrivers.pop() : freeBindings.pop() else {
                throw .capacityExhausted(driver ? .protocolDrivers : .bindings, capacity: capacity)
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
        driverCapacity: Int, bindingCapacity: Int, limits: RegistryLimits
    ) throws(InstallationError) -> UnsafeMutablePointer<RegistryCore> {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        guard (1...HandleBits.maximumCapacity).contains(driverCapacity) else {
            throw .invalidCapacity(.protocolDrivers, value: driverCapacity, maximum: HandleBits.maximumCapacity)
        }
        guard (1...HandleBits.maximumCapacity).contains(bindingCapacity) else {
            throw .invalidCapacity(.bindings, value: bindingCapacity, maximum: HandleBits.maximumCapacity)
        }
        // Every allocation that can be refused comes first, the id last (it
        // is never given back).
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
        guard let control = Locked(state) else {
            free(memory)
            storage.deallocate()
            throw .outOfMemory
        }
        let id: Int
        do {
            id = try RegistryDirectory.reserve()
        } catch {
            // `control` goes with this scope: its deinit frees the lock.
            free(memory)
            storage.deallocate()
            throw error
        }
        let header = storage.bindings.bindMemory(to: BindingTable.Header.self, capacity: 1)
        header.initialize(
            to: BindingTable.Header(
                limit: UInt(bindingCapacity), constantBits: HandleBits.constantBits(registry: id, driver: false),
                inFlightLimit: limits.inFlight))
        let core = memory.bindMemory(to: RegistryCore.self, capacity: 1)
        core.initialize(
            to: RegistryCore(
                id: id, storage: storage, control: control, driverCapacity: driverCapacity,
                bindingCapacity: bindingCapacity, bindings: BindingTable(header),
                driverConstantBits: HandleBits.constantBits(registry: id, driver: true)))
        RegistryDirectory.attach(core)
        return core
    }

    /// Frees a core no one uses any more (RegistryDirectory decides when).
    static func destroy(_ core: UnsafeMutablePointer<RegistryCore>) {
        core.pointee.storage.deallocate()
        core.deinitialize(count: 1)
        free(core)
    }

    /// See `ProtocolRegistry.registerProtocolDriver`.
    func registerProtocolDriver() throws(InstallationError) -> DriverHandle {
        try control.withLock { state throws(InstallationError) in
            let (index, handle) = try state.issue(
                driver: true, constantBits: driverConstantBits, capacity: driverCapacity)
            storage.drivers[index].clear()
            state.drivers[index] = DriverRecord(handle: handle, openBindings: 0)
            return DriverHandle(rawValue: handle)
        }
    }

    /// See `ProtocolRegistry.deregisterProtocolDriver`.
    func deregisterProtocolDriver(_ driver: DriverHandle) throws(InstallationError) {
        try control.withLock { state throws(InstallationError) in
            let index = try driverIndex(driver, in: state)
            let open = state.drivers[index].openBindings
            guard open == 0 else { throw .driverHasOpenBindings(count: open) }
            state.drivers[index] = DriverRecord()
            storage.drivers[index].clear()
            state.freeDrivers.push(index)
        }
    }

    /// See `ProtocolRegistry.setOptionalHandlers`. `available`: the bytes at
    /// `handlers`, when known (a value's own size); nil takes `Header.Size`
    /// bytes to be there, as NDIS does.
    func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: DriverHandle, available: Int?
    ) throws(InstallationError) {
        // An unknown driver is refused whatever it passes; the check is
        // repeated under the lock when installing, against a concurrent
        // deregistration.
        _ = try control.withLock { state throws(InstallationError) in try driverIndex(driver, in: state) }
        guard let handlers else { throw .invalidCharacteristics(.nullPointer) }
        let type = NDISObjectType(rawValue: handlers.pointee.Header.Type)
        guard type == .clientChimneyOffloadGenericCharacteristics else { throw .unsupportedObjectType(type) }
        // Header.Type says the header starts a characteristics structure.
        let characteristics = UnsafeRawPointer(handlers).assumingMemoryBound(to: CChimneyCharacteristics.self)
        let validated: Characteristics
        do {
            if let available {
                let bytes = UnsafeRawBufferPointer(start: characteristics, count: available)
                validated = try Characteristics(validating: bytes, abi: .host)
            } else {
                validated = try Characteristics(validating: characteristics)
            }
        } catch {
            throw .invalidCharacteristics(error)
        }
        try control.withLock { state throws(InstallationError) in
            storage.drivers[try driverIndex(driver, in: state)].replace(with: validated.entryPoints)
        }
    }

    /// See `ProtocolRegistry.openBinding`.
    func openBinding(
        driver: DriverHandle, context: UnsafeMutableRawPointer?
    ) throws(InstallationError) -> BindingHandle {
        try control.withLock { state throws(InstallationError) in
            let driverIndex = try driverIndex(driver, in: state)
            let (index, handle) = try state.issue(
                driver: false, constantBits: bindings.header.pointee.constantBits, capacity: bindingCapacity)
            // The slot is closed and drained: no dispatcher reads these now.
            let slot = bindings.slot(at: UInt(index) << UInt(HandleBits.slotShift))
            slot.pointee.context = context
            slot.pointee.driver = storage.drivers + driverIndex
            slot.pointee.open(generation: HandleBits.generation(of: handle))
            state.bindings[index] = BindingRecord(handle: handle, driver: driverIndex)
            state.drivers[driverIndex].openBindings += 1
            return BindingHandle(rawValue: handle)
        }
    }

    /// See `ProtocolRegistry.closeBinding`: the rundown wait is here,
    /// outside the lock, so that handlers still running may use the registry.
    func closeBinding(_ binding: BindingHandle) throws(InstallationError) {
        let index = try control.withLock { state throws(InstallationError) in
            guard
                let index = HandleBits.index(
                    of: binding.rawValue, constantBits: bindings.header.pointee.constantBits,
                    capacity: bindings.header.pointee.limit),
                state.bindings[index].handle == binding.rawValue
            else { throw .unknownBinding(handle: binding.rawValue) }
            state.bindings[index].handle = 0
            bindings.slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.close()
            return index
        }
        // Outside the lock, so that handlers still running may use the registry.
        bindings.slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.waitForRundown()
        control.withLock { state in
            state.drivers[state.bindings[index].driver].openBindings -= 1
            state.freeBindings.push(index)
        }
    }

    /// The slot of the registered driver `driver` names, or `unknownDriver`.
    private func driverIndex(_ driver: DriverHandle, in state: borrowing ControlState) throws(InstallationError) -> Int
    {
        guard
            let index = HandleBits.index(
                of: driver.rawValue, constantBits: driverConstantBits, capacity: UInt(driverCapacity)),
            state.drivers[index].handle == driver.rawValue
        else { throw .unknownDriver(handle: driver.rawValue) }
        return index
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
