import Synchronization

import CNdisChimneyPlatform

// The control path for protocol drivers and their bindings: what the
// `ProtocolRegistry` methods of the same names, and the C entry points,
// run. All of it under the registry's control lock but a close's wait for
// the calls still in flight.

extension RegistryCore {
    /// See `ProtocolRegistry.registerProtocolDriver`.
    func registerProtocolDriver() throws(RegistryError) -> DriverHandle {
        DriverHandle(rawValue: try registerDriver(.protocolDriver))
    }

    /// See `ProtocolRegistry.deregisterProtocolDriver`.
    func deregisterProtocolDriver(_ driver: DriverHandle) throws(RegistryError) {
        try deregisterDriver(driver.rawValue, .protocolDriver) { .driverHasOpenBindings(count: $0) }
    }

    /// See `ProtocolRegistry.openBinding`: a binding of `driver`, bound to
    /// `adapter` when one is given.
    func openBinding(
        driver: DriverHandle, adapter: AdapterHandle?, context: UnsafeMutableRawPointer?
    ) throws(RegistryError) -> BindingHandle {
        try control.withLock { state throws(RegistryError) in
            guard let driverIndex = index(of: driver.rawValue, .protocolDriver, in: state) else {
                throw .unknownDriver(handle: driver.rawValue)
            }
            var adapterIndex: Int?
            if let adapter {
                guard let found = index(of: adapter.rawValue, .adapter, in: state) else {
                    throw .unknownAdapter(handle: adapter.rawValue)
                }
                adapterIndex = found
            }
            let (index, handle) = try state.issue(.binding, registry: id, capacities: capacities)
            // The slot is closed and drained: no call reads these now.
            let slot = tables.slot(at: UInt(index) << UInt(HandleBits.slotShift))
            slot.pointee.context = context
            slot.pointee.driver = storage.entryPoints + driverIndex
            slot.pointee.adapter = adapterIndex.map { tables.adapter(at: UInt($0) << UInt(HandleBits.slotShift)) }
            slot.pointee.state.open(generation: HandleBits.generation(of: handle))
            tables.noteBindingInUse(index)
            state.bindings[index] = BindingRecord(handle: handle, driver: driverIndex, adapter: adapterIndex)
            state.drivers[driverIndex].children += 1
            if let adapterIndex { state.adapters[adapterIndex].boundBindings += 1 }
            return BindingHandle(rawValue: handle)
        }
    }

    /// See `ProtocolRegistry.closeBinding`. `deadline` (CLOCK_MONOTONIC):
    /// when to give up waiting for the calls still in flight (handlers
    /// running, offload requests outstanding at the adapter), nil for never.
    /// The wait is outside the lock, so that those calls may use the
    /// registry.
    func closeBinding(_ binding: BindingHandle, until deadline: timespec?) throws(RegistryError) {
        let index = try control.withLock { state throws(RegistryError) in
            guard let index = self.index(of: binding.rawValue, .binding, in: state),
                state.bindings[index].closing != .waiting
            else { throw .unknownBinding(handle: binding.rawValue) }
            // Its own handler, or one further up this thread's stack, is
            // running: waiting for it would wait for ever.
            guard !tables.isEnteredByThisThread(binding.rawValue) else { throw .calledFromOwnHandler }
            if state.bindings[index].closing == .no {
                tables.slot(at: UInt(index) << UInt(HandleBits.slotShift)).pointee.state.close()
            }
            state.bindings[index].closing = .waiting
            return index
        }
        let slot = tables.slot(at: UInt(index) << UInt(HandleBits.slotShift))
        let drained = tables.waitForRundown(
            in: slot, state: slot.pointee.state, isDrained: { slot.pointee.isDrained }, until: deadline)
        if drained {
            // A completion takes a closing binding's handle, so the slot kept
            // its generation until now. The close is done: the handle must
            // name nothing, and a completion that entered under it in the
            // meantime must be out before this returns and the slot is given
            // out again: one that finds no request outstanding, and one that
            // took the last count just after isDrained read "no call in
            // flight" and is still delivering it.
            slot.pointee.state.retire()
            _ = tables.waitForRundown(
                in: slot, state: slot.pointee.state, isDrained: { slot.pointee.state.inFlight == 0 }, until: nil)
        }
        control.withLock { state in
            guard drained else {
                state.bindings[index].closing = .abandoned
                return
            }
            let record = state.bindings[index]
            state.drivers[record.driver].children -= 1
            if let adapter = record.adapter { state.adapters[adapter].boundBindings -= 1 }
            state.bindings[index] = BindingRecord()
            state.push(index, .binding)
        }
        guard drained else {
            let inFlight = slot.pointee.state.inFlight &+ slot.pointee.outstanding.load(ordering: .acquiring)
            throw .closeTimedOut(dispatchesInFlight: Int(clamping: inFlight))
        }
    }
}
