/// NDIS's side of protocol drivers and their bindings: where
/// `NdisSetOptionalHandlers` installs a driver's chimney offload entry points
/// and where completions are dispatched from (see `Dispatch/`).
///
/// Capacities are fixed at creation and all memory is allocated then
/// (RegistryStorage), so no later call allocates. Control operations
/// (register, install, open, close) are serialized by one lock; dispatch
/// takes no lock.
///
/// A handle is accepted only exactly as it was given out (HandleBits): NULL,
/// a handle with any bit altered, one never given out, one of the other kind
/// or registry, and one whose driver or binding is gone are all refused, in
/// constant time and without waiting. No handle value is ever given out twice
/// in the process: it gives out at most 2^34 - 1 handles over its life, then
/// register and open answer NDIS_STATUS_RESOURCES.
///
/// `@unchecked Sendable`: `storage` is allocated in `init`, freed in
/// `deinit` and never reassigned. Every field in it that a dispatcher reads
/// is an atomic, or is written only while no dispatcher can read it (see
/// BindingSlot, DriverEntryPoints). All other mutable state is inside `control`.
public final class ProtocolRegistry: @unchecked Sendable {
    /// Binding slot `i` at byte `i << HandleBits.slotShift`.
    @usableFromInline let bindings: UnsafeMutableRawPointer
    /// `bindingCapacity`, as a handle's index is compared with it.
    @usableFromInline let bindingLimit: UInt
    /// The bits every binding handle of this registry has (HandleBits).
    @usableFromInline let bindingConstantBits: UInt
    /// Dispatches in flight on one binding at most (HandleBits).
    @usableFromInline let inFlightLimit: UInt
    /// How many bindings may be open at once.
    public let bindingCapacity: Int
    /// How many protocol drivers may be registered at once.
    public let driverCapacity: Int
    /// The registry's id in the process (RegistryDirectory).
    package let id: Int
    private let storage: RegistryStorage
    private let driverConstantBits: UInt
    private let control: Locked<ControlState>

    private struct ControlState {
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
                throw .capacityExhausted(what: driver ? "protocol drivers" : "bindings", capacity: capacity)
            }
            handleBudget -= 1
            return (index, HandleBits.make(index: index, generation: generation, constantBits: constantBits))
        }
    }

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range, and `capacityExhausted` (255 registries are alive
    /// already) or `outOfMemory` (both NDIS_STATUS_RESOURCES).
    public convenience init(driverCapacity: Int, bindingCapacity: Int) throws(InstallationError) {
        try self.init(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: .maximum)
    }

    /// Limits that tests lower to reach them quickly; production registries
    /// use `maximum`.
    package struct Limits: Sendable {
        /// Dispatches in flight on one binding at most.
        package var inFlight: UInt
        /// Handles the registry may give out (the process's own limit,
        /// 2^34 - 1 generations, applies to every registry whatever this is).
        package var handles: UInt
        /// The limits every registry made by the public API has.
        package static let maximum = Limits(inFlight: HandleBits.maximumInFlight, handles: HandleBits.maximumGeneration)
        /// Limits of your choosing (each at least 1).
        package init(inFlight: UInt, handles: UInt) {
            self.inFlight = min(inFlight, HandleBits.maximumInFlight)
            self.handles = handles
        }
    }

    /// Creates a registry with lowered limits; see `init(driverCapacity:bindingCapacity:)`.
    package init(driverCapacity: Int, bindingCapacity: Int, limits: Limits) throws(InstallationError) {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        // No array of the two: an array literal would be an allocation the
        // runtime cannot survive failing.
        guard (1...HandleBits.maximumCapacity).contains(driverCapacity) else {
            throw .invalidCapacity(what: "driver", value: driverCapacity, maximum: HandleBits.maximumCapacity)
        }
        guard (1...HandleBits.maximumCapacity).contains(bindingCapacity) else {
            throw .invalidCapacity(what: "binding", value: bindingCapacity, maximum: HandleBits.maximumCapacity)
        }
        // Every allocation that can be refused comes first, so that a
        // failure leaves nothing behind.
        guard let storage = RegistryStorage(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity) else {
            throw .outOfMemory
        }
        let state = ControlState(
            drivers: storage.driverRecords, bindings: storage.bindingRecords,
            freeDrivers: SlotStack(base: storage.freeSlots.baseAddress!, capacity: driverCapacity),
            freeBindings: SlotStack(base: storage.freeSlots.baseAddress! + driverCapacity, capacity: bindingCapacity),
            handleBudget: limits.handles)
        guard let control = Locked(state) else {
            storage.deallocate(bindingCapacity: bindingCapacity, driverCapacity: driverCapacity)
            throw .outOfMemory
        }
        guard let id = RegistryDirectory.reserve() else {
            storage.deallocate(bindingCapacity: bindingCapacity, driverCapacity: driverCapacity)
            throw .capacityExhausted(what: "registries", capacity: HandleBits.maximumRegistries)
        }
        self.id = id
        self.storage = storage
        self.control = control
        self.driverCapacity = driverCapacity
        self.bindingCapacity = bindingCapacity
        bindings = storage.bindings
        bindingLimit = UInt(bindingCapacity)
        bindingConstantBits = HandleBits.constantBits(registry: id, driver: false)
        driverConstantBits = HandleBits.constantBits(registry: id, driver: true)
        inFlightLimit = limits.inFlight
        RegistryDirectory.attach(self, id: id)
    }

    deinit {
        RegistryDirectory.release(id: id)
        storage.deallocate(bindingCapacity: bindingCapacity, driverCapacity: driverCapacity)
    }

    /// The registry a driver handle belongs to, if it is alive.
    public static func registry(for driver: DriverHandle) -> ProtocolRegistry? {
        RegistryDirectory.registry(for: driver.rawValue)
    }

    /// Registers a protocol driver, with no entry points installed.
    ///
    /// Throws `capacityExhausted` or `handleValuesExhausted` (both NDIS_STATUS_RESOURCES).
    public func registerProtocolDriver() throws(InstallationError) -> DriverHandle {
        try control.withLock { state throws(InstallationError) in
            let (index, handle) = try state.issue(
                driver: true, constantBits: driverConstantBits, capacity: driverCapacity)
            storage.drivers[index].clear()
            state.drivers[index] = DriverRecord(handle: handle, openBindings: 0)
            return DriverHandle(rawValue: handle)
        }
    }

    /// Deregisters a protocol driver that has no open bindings.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasOpenBindings` (NDIS_STATUS_FAILURE).
    public func deregisterProtocolDriver(_ driver: DriverHandle) throws(InstallationError) {
        try control.withLock { state throws(InstallationError) in
            let index = try driverIndex(driver, in: state)
            let open = state.drivers[index].openBindings
            guard open == 0 else { throw .driverHasOpenBindings(count: open) }
            state.drivers[index] = DriverRecord()
            storage.drivers[index].clear()
            state.freeDrivers.push(index)
        }
    }

    /// Installs the characteristics `handlers` points to, as
    /// `NdisSetOptionalHandlers` does: `Header.Type` says which structure it
    /// is; the generic chimney offload characteristics are validated and
    /// their six entry points copied (the caller's structure may go away
    /// afterwards), replacing any earlier set whole for every binding of the
    /// driver at once. Nothing changes when it throws.
    ///
    /// Checks, in order: the driver (`unknownDriver`), the pointer
    /// (`invalidCharacteristics(.nullPointer)`), `Header.Type`
    /// (`unsupportedObjectType`, NDIS_STATUS_NOT_SUPPORTED), then the
    /// structure (`invalidCharacteristics`). All but the Type answer
    /// NDIS_STATUS_INVALID_PARAMETER.
    public func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: DriverHandle
    ) throws(InstallationError) {
        try setOptionalHandlers(handlers, for: driver, available: nil)
    }

    /// `available`: the bytes at `handlers`, when known (a value's own size);
    /// nil takes `Header.Size` bytes to be there, as NDIS does.
    private func setOptionalHandlers(
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
        var addresses = InlineArray<6, UInt>(repeating: 0)
        for index in 0..<DriverEntryPoints.count {
            addresses[index] = UInt(truncatingIfNeeded: validated.address(of: EntryPoint(rawValue: index)!))
        }
        try control.withLock { state throws(InstallationError) in
            storage.drivers[try driverIndex(driver, in: state)].replace(with: addresses)
        }
    }

    /// Installs a characteristics value for `driver`; see `setOptionalHandlers`.
    /// The value holds `MemoryLayout<CChimneyCharacteristics>.size` bytes, so
    /// it reaches the verdict `Characteristics(validating: value)` does: a
    /// `Header.Size` that claims more is refused.
    public func setChimneyCharacteristics(
        _ characteristics: CChimneyCharacteristics, for driver: DriverHandle
    ) throws(InstallationError) {
        var copy = characteristics
        try withUnsafePointer(to: &copy) { pointer throws(InstallationError) in
            try pointer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                header throws(InstallationError) in
                try setOptionalHandlers(header, for: driver, available: MemoryLayout<CChimneyCharacteristics>.size)
            }
        }
    }

    /// Opens a binding of `driver` whose completions carry `context` as their
    /// ProtocolBindingContext.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER), or
    /// `capacityExhausted` or `handleValuesExhausted` (NDIS_STATUS_RESOURCES).
    public func openBinding(
        driver: DriverHandle, context: UnsafeMutableRawPointer?
    ) throws(InstallationError) -> BindingHandle {
        try control.withLock { state throws(InstallationError) in
            let driverIndex = try driverIndex(driver, in: state)
            let (index, handle) = try state.issue(
                driver: false, constantBits: bindingConstantBits, capacity: bindingCapacity)
            // The slot is closed and drained: no dispatcher reads these now.
            let slot = slot(at: UInt(index) << UInt(HandleBits.slotShift))
            slot.pointee.context = context
            slot.pointee.driver = storage.drivers + driverIndex
            slot.pointee.open(generation: HandleBits.generation(of: handle))
            state.bindings[index] = BindingRecord(handle: handle, driver: driverIndex)
            state.drivers[driverIndex].openBindings += 1
            return BindingHandle(rawValue: handle)
        }
    }

    /// Closes a binding. When this returns, no completion reaches the binding
    /// any more: dispatches already under way on it have finished, and every
    /// later use of the handle is refused.
    ///
    /// Waits for the binding's dispatches in flight, so it must not be called
    /// from a handler of that binding (it would wait for itself), nor from
    /// two handlers that close each other's bindings (each would wait for the
    /// other). Throws `unknownBinding` (NDIS_STATUS_INVALID_PARAMETER).
    public func closeBinding(_ binding: BindingHandle) throws(InstallationError) {
        let index = try control.withLock { state throws(InstallationError) in
            guard
                let index = HandleBits.index(
                    of: binding.rawValue, constantBits: bindingConstantBits, capacity: bindingLimit),
                state.bindings[index].handle == binding.rawValue
            else { throw .unknownBinding(handle: binding.rawValue) }
            state.bindings[index].handle = 0
            slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.close()
            return index
        }
        // Outside the lock, so that handlers still running may use the registry.
        slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.waitForRundown()
        control.withLock { state in
            state.drivers[state.bindings[index].driver].openBindings -= 1
            state.freeBindings.push(index)
        }
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        guard
            let offset = HandleBits.slotOffset(
                of: binding.rawValue, constantBits: bindingConstantBits, capacity: bindingLimit)
        else { return false }
        let state = slot(at: offset).pointee.state.load(ordering: .acquiring)
        return (state ^ (binding.rawValue & HandleBits.generationMask)) & ~HandleBits.inFlightMask == 0
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

    /// The slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset: in bounds, and a multiple of 64.
    @inlinable
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (bindings + Int(bitPattern: offset)).assumingMemoryBound(to: BindingSlot.self)
    }
}
