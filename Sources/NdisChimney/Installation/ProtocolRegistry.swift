/// NDIS's side of protocol drivers and their bindings: where
/// `NdisSetOptionalHandlers` installs a driver's chimney offload entry points
/// and where completions are dispatched from (see `Dispatch/`).
///
/// Capacities are fixed at creation; all memory is allocated then, so no
/// later call allocates slots. Control operations (register, install, open,
/// close) are serialized by one lock; dispatch takes no lock.
///
/// `@unchecked Sendable`: `bindings` is allocated in `init`, freed in
/// `deinit` and never reassigned. Every field in it that a dispatcher reads
/// is an atomic, or is written only while no dispatcher can read it (see
/// BindingSlot). All other mutable state is inside `control`.
public final class ProtocolRegistry: @unchecked Sendable {
    /// One slot per binding.
    @usableFromInline let bindings: UnsafeMutablePointer<BindingSlot>
    /// How many bindings may be open at once.
    public let bindingCapacity: Int
    /// Bytes of binding slots: a handle's slot offset must be below this.
    @usableFromInline let bindingBytes: UInt
    /// How many protocol drivers may be registered at once.
    public let driverCapacity: Int
    private let id: Int
    private let control: Locked<ControlState>

    private struct ControlState {
        var driverHandles: [UInt]  // 0 where the slot is free
        var driverEntries: [[UInt]]  // each driver's six entry points, for bindings it opens
        var openBindings: [Int]  // per driver slot
        var bindingHandles: [UInt]  // 0 where the slot is free or closing
        var bindingDriver: [Int]  // the driver slot of each binding slot
        var freeDrivers: [Int]
        var freeBindings: [Int]

        /// The slot of a registered driver, or nil for a stale or foreign handle.
        func driverIndex(_ driver: DriverHandle) -> Int? {
            let index = HandleBits.index(of: driver.rawValue)
            guard index < driverHandles.count, driverHandles[index] == driver.rawValue else { return nil }
            return index
        }
    }

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range and `capacityExhausted` (NDIS_STATUS_RESOURCES) when 255
    /// registries are alive already.
    public init(driverCapacity: Int, bindingCapacity: Int) throws(InstallationError) {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        for (what, value) in [("driver", driverCapacity), ("binding", bindingCapacity)]
        where !(1...HandleBits.maximumCapacity).contains(value) {
            throw .invalidCapacity(what: what, value: value, maximum: HandleBits.maximumCapacity)
        }
        guard let id = RegistryDirectory.reserve() else {
            throw .capacityExhausted(what: "registries", capacity: HandleBits.maximumRegistries)
        }
        self.id = id
        self.driverCapacity = driverCapacity
        self.bindingCapacity = bindingCapacity
        precondition(MemoryLayout<BindingSlot>.stride == 1 << HandleBits.slotShift, "a slot is one cache line")
        bindingBytes = UInt(bindingCapacity) << UInt(HandleBits.slotShift)
        // Cache-line aligned, so that each binding's slot is a line of its own.
        bindings = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<BindingSlot>.stride * bindingCapacity, alignment: 64
        ).bindMemory(to: BindingSlot.self, capacity: bindingCapacity)
        for index in 0..<bindingCapacity { (bindings + index).initialize(to: BindingSlot()) }
        control = Locked(
            ControlState(
                driverHandles: Array(repeating: 0, count: driverCapacity),
                driverEntries: Array(repeating: Array(repeating: 0, count: 6), count: driverCapacity),
                openBindings: Array(repeating: 0, count: driverCapacity),
                bindingHandles: Array(repeating: 0, count: bindingCapacity),
                bindingDriver: Array(repeating: 0, count: bindingCapacity),
                freeDrivers: Array((0..<driverCapacity).reversed()),
                freeBindings: Array((0..<bindingCapacity).reversed())))
        RegistryDirectory.attach(self, id: id)
    }

    deinit {
        RegistryDirectory.release(id: id)
        bindings.deinitialize(count: bindingCapacity)
        UnsafeMutableRawPointer(bindings).deallocate()
    }

    /// The registry a driver handle belongs to, if it is alive.
    public static func registry(for driver: DriverHandle) -> ProtocolRegistry? {
        RegistryDirectory.registry(for: driver.rawValue)
    }

    /// Registers a protocol driver with no entry points installed.
    ///
    /// Throws `capacityExhausted` (NDIS_STATUS_RESOURCES) when every driver slot is taken.
    public func registerProtocolDriver() throws(InstallationError) -> DriverHandle {
        let result: Result<DriverHandle, InstallationError> = control.withLock { state in
            guard let index = state.freeDrivers.popLast() else {
                return .failure(.capacityExhausted(what: "protocol drivers", capacity: driverCapacity))
            }
            let handle = HandleBits.make(index: index, registry: id)
            state.driverHandles[index] = handle
            return .success(DriverHandle(rawValue: handle))
        }
        return try result.get()
    }

    /// Deregisters a protocol driver that has no open bindings.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasOpenBindings` (NDIS_STATUS_FAILURE).
    public func deregisterProtocolDriver(_ driver: DriverHandle) throws(InstallationError) {
        let failure: InstallationError? = control.withLock { state in
            guard let index = state.driverIndex(driver) else { return .unknownDriver(handle: driver.rawValue) }
            guard state.openBindings[index] == 0 else {
                return .driverHasOpenBindings(count: state.openBindings[index])
            }
            state.driverHandles[index] = 0
            state.driverEntries[index] = Array(repeating: 0, count: 6)
            state.freeDrivers.append(index)
            return nil
        }
        if let failure { throw failure }
    }

    /// Installs the characteristics `handlers` points to, as
    /// `NdisSetOptionalHandlers` does: `Header.Type` says which structure it
    /// is; the generic chimney offload characteristics are validated and
    /// their six entry points copied (the caller's structure may go away
    /// afterwards), replacing any earlier set whole. Nothing changes when it
    /// throws.
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
        guard control.withLock({ $0.driverIndex(driver) }) != nil else {
            throw .unknownDriver(handle: driver.rawValue)
        }
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
        try install(validated, for: driver)
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

    private func install(_ characteristics: Characteristics, for driver: DriverHandle) throws(InstallationError) {
        let addresses = characteristics.addresses.map { UInt(truncatingIfNeeded: $0) }
        let failure: InstallationError? = control.withLock { state in
            guard let index = state.driverIndex(driver) else { return .unknownDriver(handle: driver.rawValue) }
            state.driverEntries[index] = addresses
            // Every open binding of the driver: mark all, write all, unmark
            // all, so the set is replaced whole (see BindingSlot).
            let open = (0..<bindingCapacity).filter {
                state.bindingHandles[$0] != 0 && state.bindingDriver[$0] == index
            }
            for slot in open { bindings[slot].setReplacing(true) }
            for slot in open { bindings[slot].store(addresses) }
            for slot in open { bindings[slot].setReplacing(false) }
            return nil
        }
        if let failure { throw failure }
    }

    /// Opens a binding of `driver` whose completions carry `context` as their
    /// ProtocolBindingContext.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `capacityExhausted` (NDIS_STATUS_RESOURCES).
    public func openBinding(
        driver: DriverHandle, context: UnsafeMutableRawPointer?
    ) throws(InstallationError) -> BindingHandle {
        let result: Result<BindingHandle, InstallationError> = control.withLock { state in
            guard let driverIndex = state.driverIndex(driver) else {
                return .failure(.unknownDriver(handle: driver.rawValue))
            }
            guard let index = state.freeBindings.popLast() else {
                return .failure(.capacityExhausted(what: "bindings", capacity: bindingCapacity))
            }
            let handle = HandleBits.make(index: index, registry: id)
            // The slot is closed and drained: no dispatcher reads these now.
            bindings[index].context = context
            bindings[index].store(state.driverEntries[driverIndex])
            bindings[index].open(handle)
            state.bindingHandles[index] = handle
            state.bindingDriver[index] = driverIndex
            state.openBindings[driverIndex] += 1
            return .success(BindingHandle(rawValue: handle))
        }
        return try result.get()
    }

    /// Closes a binding. When this returns, no completion reaches the binding
    /// any more: dispatches already under way on it have finished, and every
    /// later use of the handle is refused.
    ///
    /// Must not be called from one of this binding's own handlers, which would
    /// wait for itself. Throws `unknownBinding` (NDIS_STATUS_INVALID_PARAMETER).
    public func closeBinding(_ binding: BindingHandle) throws(InstallationError) {
        let index = HandleBits.index(of: binding.rawValue)
        let closed: Bool = control.withLock { state in
            guard index < bindingCapacity, state.bindingHandles[index] == binding.rawValue,
                bindings[index].close(binding.rawValue)
            else { return false }
            state.bindingHandles[index] = 0
            return true
        }
        guard closed else { throw .unknownBinding(handle: binding.rawValue) }
        // Outside the lock, so that handlers still running may use the registry.
        bindings[index].waitForRundown()
        control.withLock { state in
            state.openBindings[state.bindingDriver[index]] -= 1
            state.freeBindings.append(index)
        }
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        let index = HandleBits.index(of: binding.rawValue)
        return index < bindingCapacity && bindings[index].isOpen(binding.rawValue)
    }

    /// Enters the binding `handle` names for a dispatch: its slot, which the
    /// caller must `exit()`, or nil when the handle names no open binding.
    @inlinable
    func enterBinding(_ handle: UInt) -> UnsafeMutablePointer<BindingSlot>? {
        let offset = handle & HandleBits.slotOffsetMask
        guard offset < bindingBytes else { return nil }
        let slot = slot(at: offset)
        return slot.pointee.enter(handle) ? slot : nil
    }

    /// The slot at a byte offset taken from a handle and checked against
    /// `bindingBytes` by the caller: in bounds, and a multiple of the stride.
    @inlinable
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (UnsafeMutableRawPointer(bindings) + Int(bitPattern: offset)).assumingMemoryBound(to: BindingSlot.self)
    }

}
