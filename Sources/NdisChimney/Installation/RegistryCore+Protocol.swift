import CNdisChimneyPlatform

// The control path for protocol drivers and their bindings: what the
// `ProtocolRegistry` methods of the same names, and the C entry points,
// run. All of it under the registry's control lock but a close's wait for
// the handlers still running.

extension RegistryCore {
    /// See `ProtocolRegistry.registerProtocolDriver`.
    func registerProtocolDriver() throws(RegistryError) -> DriverHandle {
        try control.withLock { state throws(RegistryError) in
            let (index, handle) = try state.issue(
                driver: true, constantBits: driverConstantBits, capacity: driverCapacity)
            storage.drivers[index].clear()
            state.drivers[index] = DriverRecord(handle: handle, openBindings: 0)
            return DriverHandle(rawValue: handle)
        }
    }

    /// See `ProtocolRegistry.deregisterProtocolDriver`.
    func deregisterProtocolDriver(_ driver: DriverHandle) throws(RegistryError) {
        try control.withLock { state throws(RegistryError) in
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
    ) throws(RegistryError) {
        // An unknown driver is refused whatever it passes; the check is
        // repeated under the lock when installing, against a concurrent
        // deregistration.
        _ = try control.withLock { state throws(RegistryError) in try driverIndex(driver, in: state) }
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
        try control.withLock { state throws(RegistryError) in
            storage.drivers[try driverIndex(driver, in: state)].replace(with: validated.entryPoints)
        }
    }

    /// See `ProtocolRegistry.openBinding`.
    func openBinding(
        driver: DriverHandle, context: UnsafeMutableRawPointer?
    ) throws(RegistryError) -> BindingHandle {
        try control.withLock { state throws(RegistryError) in
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

    /// See `ProtocolRegistry.closeBinding`. `deadline` (CLOCK_MONOTONIC):
    /// when to give up waiting for the handlers still running, nil for
    /// never. The wait is outside the lock, so that those handlers may use
    /// the registry.
    func closeBinding(_ binding: BindingHandle, until deadline: timespec?) throws(RegistryError) {
        let index = try control.withLock { state throws(RegistryError) in
            guard
                let index = HandleBits.index(
                    of: binding.rawValue, constantBits: bindings.header.pointee.constantBits,
                    capacity: bindings.header.pointee.limit),
                state.bindings[index].handle == binding.rawValue, state.bindings[index].closing != .waiting
            else { throw .unknownBinding(handle: binding.rawValue) }
            // Its own handler, or one further up this thread's stack, is
            // running: waiting for it would wait for ever.
            guard !bindings.isEnteredByThisThread(binding.rawValue) else { throw .calledFromOwnHandler }
            if state.bindings[index].closing == .no {
                bindings.slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.close()
            }
            state.bindings[index].closing = .waiting
            return index
        }
        let slot = bindings.slot(at: UInt(index) << UInt(HandleBits.slotShift))
        let drained = bindings.waitForRundown(of: slot, until: deadline)
        control.withLock { state in
            guard drained else {
                state.bindings[index].closing = .abandoned
                return
            }
            state.drivers[state.bindings[index].driver].openBindings -= 1
            state.bindings[index] = BindingRecord()
            state.freeBindings.push(index)
        }
        guard drained else { throw .closeTimedOut(dispatchesInFlight: Int(slot.pointee.inFlight)) }
    }

    /// The slot of the registered driver `driver` names, or `unknownDriver`.
    private func driverIndex(_ driver: DriverHandle, in state: borrowing ControlState) throws(RegistryError) -> Int {
        guard
            let index = HandleBits.index(
                of: driver.rawValue, constantBits: driverConstantBits, capacity: UInt(driverCapacity)),
            state.drivers[index].handle == driver.rawValue
        else { throw .unknownDriver(handle: driver.rawValue) }
        return index
    }
}
