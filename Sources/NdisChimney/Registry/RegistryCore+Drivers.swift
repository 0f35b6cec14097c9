// Registering and deregistering drivers of either side: protocol drivers'
// records come first in `state.drivers` and `storage.entryPoints`, miniport
// drivers' after them (RegistryStorage).

extension RegistryCore {
    /// Where the records of drivers of `kind` (`.protocolDriver` or
    /// `.miniportDriver`) start.
    private func firstRecord(of kind: HandleKind) -> Int {
        kind == .protocolDriver ? 0 : capacities.protocolDrivers
    }

    /// Registers a driver of `kind`, with no entry points installed; its
    /// handle.
    func registerDriver(_ kind: HandleKind) throws(RegistryError) -> UInt {
        try control.withLock { state throws(RegistryError) in
            let (index, handle) = try state.issue(kind, registry: id, capacities: capacities)
            let record = firstRecord(of: kind) + index
            storage.entryPoints[record].clear()
            state.drivers[record] = DriverRecord(handle: handle)
            return handle
        }
    }

    /// Deregisters the driver of `kind` that `handle` names, refusing with
    /// `busy(count)` while it has children (a protocol driver's open
    /// bindings, a miniport driver's adapters).
    func deregisterDriver(
        _ handle: UInt, _ kind: HandleKind, busy: (Int) -> RegistryError
    ) throws(RegistryError) {
        try control.withLock { state throws(RegistryError) in
            guard let index = self.index(of: handle, kind, in: state) else { throw .unknownDriver(handle: handle) }
            let record = firstRecord(of: kind) + index
            let children = state.drivers[record].children
            guard children == 0 else { throw busy(children) }
            state.drivers[record] = DriverRecord()
            storage.entryPoints[record].clear()
            state.push(index, kind)
        }
    }
}
