// NdisSetOptionalHandlers: which structure the header says, from which side
// of the stack, validated and installed whole. The generic characteristics
// replace the entry points the hot paths read (a protocol driver's
// completion handlers, a miniport driver's request handlers); the TCP ones
// are laid out, validated and kept, not dispatched (the TCP data path is out
// of this library's scope).

extension RegistryCore {
    /// See `ProtocolRegistry.setOptionalHandlers`: `driver` is a protocol or
    /// a miniport driver's handle. `available`: the bytes at `handlers`,
    /// when known (a value's own size); nil takes `Header.Size` bytes to be
    /// there, as NDIS does.
    func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: UInt, available: Int?
    ) throws(RegistryError) {
        // An unknown driver is refused whatever it passes; the check is
        // repeated under the lock when installing, against a concurrent
        // deregistration.
        let side = try control.withLock { state throws(RegistryError) in try driverSlot(driver, in: state).kind }
        guard let handlers else { throw .invalidCharacteristics(.nullPointer) }
        let validated: Characteristics
        do {
            validated = try Characteristics(validatingOptionalHandlers: handlers, available: available)
        } catch {
            if case .unsupportedObjectType(let type) = error { throw .unsupportedObjectType(type) }
            throw .invalidCharacteristics(error)
        }
        // The side is checked after the structure's rules, so that a
        // malformed structure is reported as such whichever side sent it.
        let isClient = validated.kind == .clientGeneric || validated.kind == .clientTCP
        guard isClient == (side == .protocolDriver) else { throw .wrongSideObjectType(validated.kind.objectType) }
        try control.withLock { state throws(RegistryError) in
            let slot = try driverSlot(driver, in: state).record
            if validated.offloadType != nil {
                state.drivers[slot].tcp = validated
            } else {
                storage.entryPoints[slot].replace(with: validated.entryPoints)
            }
        }
    }

    /// The record and kind of the registered driver `driver` names (a
    /// protocol driver's or a miniport driver's), or `unknownDriver`.
    func driverSlot(_ driver: UInt, in state: borrowing ControlState) throws(RegistryError) -> (
        record: Int, kind: HandleKind
    ) {
        if let index = index(of: driver, .protocolDriver, in: state) { return (index, .protocolDriver) }
        if let index = index(of: driver, .miniportDriver, in: state) {
            return (capacities.protocolDrivers + index, .miniportDriver)
        }
        throw .unknownDriver(handle: driver)
    }
}
