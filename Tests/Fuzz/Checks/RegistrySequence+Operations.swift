import NdisChimney

// The operations of a fuzzed call sequence: each decodes its operands, makes
// the call, checks the status and what was delivered against the model, and
// updates the model.

extension RegistrySequence {
    mutating func register() {
        var handle: NDIS_HANDLE?
        let live = drivers.filter(\.live).count
        let status = NdisChimneyRegisterProtocolDriver(registry, &handle)
        expect(status, live < driverCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES, "register")
        if status == NDIS_STATUS_SUCCESS {
            noteGiven(handle)
            drivers.append(
                Driver(handle: handle, live: true, entries: Array(repeating: 0, count: 6), set: 0, openBindings: 0))
        }
    }

    mutating func deregister() {
        guard let (handle, index) = pickDriver() else { return }
        let expected =
            index.map { !drivers[$0].live } ?? true
            ? NDIS_STATUS_INVALID_PARAMETER
            : drivers[index!].openBindings > 0 ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS
        expect(NdisChimneyDeregisterProtocolDriver(handle), expected, "deregister \(String(describing: handle))")
        if expected == NDIS_STATUS_SUCCESS { drivers[index!].live = false }
    }

    /// NdisSetOptionalHandlers with a fuzzed header, Flags and entry points,
    /// from a protocol driver (or a forged handle).
    mutating func setOptionalHandlers() {
        guard let (handle, _) = pickDriver() else { return }
        let type = reader.next() % 4 == 0 ? reader.next() : 0x8E
        let revision = reader.next() % 3
        let sizeChoice = reader.next()
        let size: UInt16 =
            sizeChoice % 4 == 0
            ? reader.next16() : UInt16(MemoryLayout<CChimneyCharacteristics>.size) + UInt16(sizeChoice % 4 - 1) * 8
        let flags: UInt32 = reader.next() % 8 == 0 ? reader.next32() : 0
        let set = Int(reader.next() % 3)
        let present = reader.next()
        // A provider Type gets a provider set's handlers, should the handle
        // be a miniport driver's that takes them.
        let provider = type == 0x8F || type == 0x94
        let entries =
            provider
            ? (0..<5).map { present & (1 << $0) != 0 ? providerSets[set % 2][$0] : 0 }
            : (0..<6).map { present & (1 << $0) != 0 ? entrySets[set][$0] : 0 }
        // Header.Size bytes are there, as NDIS assumes; at least the revision-1 structure.
        let byteCount = max(Int(size), MemoryLayout<CChimneyCharacteristics>.size)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xA5, count: byteCount)
        let chars = buffer.bindMemory(to: CChimneyCharacteristics.self, capacity: 1)
        chars.pointee.Header = CObjectHeader(Type: type, Revision: revision, Size: size)
        chars.pointee.Flags = flags
        withUnsafeMutableBytes(of: &chars.pointee) { bytes in
            for (slot, address) in entries.enumerated() {
                bytes.storeBytes(of: address, toByteOffset: 8 + slot * MemoryLayout<UInt>.size, as: UInt.self)
            }
        }
        let verdict = installVerdict(buffer, from: handle)
        let status = buffer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
            NdisSetOptionalHandlers(handle, $0)
        }
        expect(
            status, verdict.status,
            "NdisSetOptionalHandlers(type \(type), revision \(revision), size \(size), flags \(flags))")
        if verdict.status == NDIS_STATUS_SUCCESS {
            installed(
                buffer, protocolDriver: verdict.protocolDriver, miniportDriver: verdict.miniportDriver,
                set: provider ? set % 2 + 1 : set + 1)
        }
    }

    mutating func open() {
        guard let (driver, index) = pickDriver() else { return }
        let sighting = Int(reader.next() % 4)
        var handle: NDIS_HANDLE?
        let open = bindings.filter(\.live).count
        let expected =
            index.map { !drivers[$0].live } ?? true
            ? NDIS_STATUS_INVALID_PARAMETER
            : open < bindingCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES
        let status = NdisChimneyOpenBinding(driver, sightings + sighting, &handle)
        expect(status, expected, "open")
        if status == NDIS_STATUS_SUCCESS {
            noteGiven(handle)
            bindings.append(Binding(handle: handle, live: true, driver: index!, sighting: sighting))
            drivers[index!].openBindings += 1
        }
    }

    /// A close. A binding with requests outstanding at its adapter would
    /// wait for ever (the target that holds them is this thread): it is
    /// closed with a deadline of 0 instead, which answers PENDING and leaves
    /// it closing. A closing binding closes once nothing is outstanding.
    mutating func close() {
        guard let (handle, index) = pickBinding() else { return }
        let live = index.map { bindings[$0].live } ?? false
        guard let index, live, bindings[index].outstanding > 0 else {
            // A deadline, so that a request the library has outstanding and
            // the model has not fails the check instead of hanging it.
            expect(
                NdisChimneyCloseBindingEx(handle, 1_000), live ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER,
                "close \(String(describing: handle))")
            if let index, live { closed(index) }
            return
        }
        expect(NdisChimneyCloseBindingEx(handle, 0), NDIS_STATUS_PENDING, "close with requests outstanding")
        bindings[index].closing = true
    }

    /// A dispatch, to a known or a forged handle.
    mutating func dispatch() {
        let entryPoint = ULONG(reader.next() % 7)  // 6 is out of range
        let code = reader.next32()
        guard let (handle, known) = pickBinding() ?? (reader.next() % 2 == 0 ? (forged(), nil) : nil) else { return }
        var expected = NDIS_STATUS_INVALID_PARAMETER
        var sighting: Int?
        if let known, bindings[known].isOpen, entryPoint < 6 {
            let address = drivers[bindings[known].driver].entries[Int(entryPoint)]
            expected = address == 0 ? NDIS_STATUS_NOT_SUPPORTED : NDIS_STATUS_SUCCESS
            if address != 0 { sighting = bindings[known].sighting }
        }
        let before = calls()
        expect(
            NdisChimneyDispatch(registry, handle, entryPoint, list, code), expected,
            "dispatch \(entryPoint) to \(String(describing: handle))")
        let after = calls()
        let calledNow = after.indices.filter { after[$0] != before[$0] }
        if calledNow != (sighting.map { [$0] } ?? []) {
            problems.append(
                "dispatch \(entryPoint) reached contexts \(calledNow), expected \(sighting.map { [$0] } ?? [])")
        } else if let sighting, let known {
            let seen = sightings[sighting]
            let set = drivers[bindings[known].driver].set
            if seen.entryPoint != Int(entryPoint) || seen.list != UInt(bitPattern: list) || seen.set != set
                || (entryPoint == 5 ? seen.code != code : seen.code != 0)
            {
                problems.append("dispatch \(entryPoint) arrived as \(seen)")
            }
        }
    }

    /// A batch over known (and sometimes forged) bindings; then the same
    /// batch asking for each completion's status, which the model predicts.
    mutating func batch() {
        let count = Int(reader.next() % 9)
        var queue: [Completion] = []
        var statuses: [NDIS_STATUS] = []
        for _ in 0..<count {
            guard let (handle, index) = pickBinding() else { break }
            let entryPoint = ULONG(reader.next() % 7)
            queue.append(
                Completion(BindingHandle: handle, OffloadBlockList: list, EntryPoint: entryPoint, IndicationCode: 0))
            if let index, bindings[index].isOpen, entryPoint < 6 {
                let installed = drivers[bindings[index].driver].entries[Int(entryPoint)] != 0
                statuses.append(installed ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED)
            } else {
                statuses.append(NDIS_STATUS_INVALID_PARAMETER)
            }
        }
        let expected = statuses.count { $0 == NDIS_STATUS_SUCCESS }
        var before = calls().reduce(0, +)
        let delivered = NdisChimneyDispatchBatch(registry, queue, ULONG(queue.count))
        var after = calls().reduce(0, +)
        if Int(delivered) != expected || after - before != expected {
            problems.append(
                "batch of \(queue.count) delivered \(delivered), called \(after - before), expected \(expected)")
        }
        var written = [NDIS_STATUS](repeating: 0x7F, count: queue.count)
        before = after
        let deliveredEx = NdisChimneyDispatchBatchEx(registry, queue, ULONG(queue.count), &written)
        after = calls().reduce(0, +)
        if Int(deliveredEx) != expected || after - before != expected || written != statuses {
            problems.append(
                "batch with statuses delivered \(deliveredEx), called \(after - before), wrote \(written), "
                    + "expected \(expected) and \(statuses)")
        }
    }

    /// Every entry that takes a registry, given a value that is not this
    /// registry's: a binding or driver handle in its place (the arguments
    /// swapped), the registry's with one bit flipped, a forged value or
    /// NULL. Each is refused, and nothing is delivered or destroyed.
    mutating func misuseRegistry() {
        let own = UInt(bitPattern: registry)
        let wrong: UInt
        switch reader.next() % 4 {
        case 0: wrong = UInt(bitPattern: forged())
        case 1: wrong = own ^ 1 << UInt(reader.next() % 64)
        case 2: wrong = UInt(reader.next32()) << 32 | UInt(reader.next32())
        default: wrong = 0
        }
        guard wrong != own, let (binding, _) = pickBinding() else { return }
        let other = OpaquePointer(bitPattern: wrong)
        let before = calls()
        var driver: NDIS_HANDLE?
        expect(
            NdisChimneyDispatch(other, binding, 4, list, 0), NDIS_STATUS_INVALID_PARAMETER, "dispatch via \(hex(wrong))"
        )
        let queue = [Completion(BindingHandle: binding, OffloadBlockList: list, EntryPoint: 4, IndicationCode: 0)]
        if NdisChimneyDispatchBatch(other, queue, 1) != 0 { problems.append("a batch via \(hex(wrong)) delivered") }
        var status: NDIS_STATUS = 0x7F
        if NdisChimneyDispatchBatchEx(other, queue, 1, &status) != 0 || status != NDIS_STATUS_INVALID_PARAMETER {
            problems.append("a batch with statuses via \(hex(wrong)) delivered, or wrote \(status)")
        }
        expect(
            NdisChimneyRegisterProtocolDriver(other, &driver), NDIS_STATUS_INVALID_PARAMETER,
            "register via \(hex(wrong))")
        expect(NdisChimneyDestroyRegistry(other), NDIS_STATUS_INVALID_PARAMETER, "destroy \(hex(wrong))")
        if calls() != before { problems.append("a call via registry \(hex(wrong)) was delivered") }
    }

    /// The same refused register or open, many times: each answers RESOURCES
    /// (or INVALID_PARAMETER for a dead driver) and changes nothing.
    mutating func refuseRepeatedly() {
        let times = Int(reader.next()) * 16
        let opening = reader.next() % 2 == 0
        for _ in 0..<times where problems.isEmpty {
            if opening {
                guard bindings.filter(\.live).count == bindingCapacity, let index = pick(drivers) else { return }
                var handle: NDIS_HANDLE?
                let expected = drivers[index].live ? NDIS_STATUS_RESOURCES : NDIS_STATUS_INVALID_PARAMETER
                expect(NdisChimneyOpenBinding(drivers[index].handle, nil, &handle), expected, "refused open")
            } else {
                guard drivers.filter(\.live).count == driverCapacity else { return }
                var handle: NDIS_HANDLE?
                expect(NdisChimneyRegisterProtocolDriver(registry, &handle), NDIS_STATUS_RESOURCES, "refused register")
            }
        }
    }

    /// A handler that calls back into the registry: installs the teardown
    /// set on a live driver, opens a binding of it whose context is
    /// `calledBack`, dispatches to it, and checks what the handler's call
    /// answered: closing its own binding or destroying its registry is
    /// refused (INVALID_DEVICE_REQUEST), deregistering its driver fails
    /// (FAILURE: the binding is open), closing another binding succeeds.
    mutating func callBackFromHandler() {
        let entryPoint = ULONG(reader.next() % 6)
        let choice = reader.next() % 4
        guard let driver = pick(drivers), drivers[driver].live, bindings.filter(\.live).count < bindingCapacity else {
            return
        }
        expect(install(teardownCharacteristics(), for: drivers[driver].handle), NDIS_STATUS_SUCCESS, "installing set 3")
        drivers[driver].entries = entrySets[2]
        drivers[driver].set = 3
        var handle: NDIS_HANDLE?
        expect(NdisChimneyOpenBinding(drivers[driver].handle, calledBack, &handle), NDIS_STATUS_SUCCESS, "opening")
        guard problems.isEmpty else { return }
        noteGiven(handle)
        bindings.append(Binding(handle: handle, live: true, driver: driver, sighting: 4))
        drivers[driver].openBindings += 1
        let own = bindings.count - 1
        // Another binding that closes at once: none of its requests outstanding.
        let other = bindings.indices.filter { bindings[$0].live && bindings[$0].outstanding == 0 && $0 != own }.first
        var action: Teardown.Action
        var expected: NDIS_STATUS
        switch choice {
        case 0: (action, expected) = (.closeOwnBinding, NDIS_STATUS_INVALID_DEVICE_REQUEST)
        case 1: (action, expected) = (.destroyOwnRegistry, NDIS_STATUS_INVALID_DEVICE_REQUEST)
        case 2: (action, expected) = (.deregisterOwnDriver, NDIS_STATUS_FAILURE)
        default:
            (action, expected) =
                other == nil
                ? (.closeOwnBinding, NDIS_STATUS_INVALID_DEVICE_REQUEST) : (.closeOther, NDIS_STATUS_SUCCESS)
        }
        calledBack.pointee.teardown = Teardown(
            action, registry: registry, driver: drivers[driver].handle, binding: handle,
            other: other.map { bindings[$0].handle } ?? nil)
        calledBack.pointee.teardownStatus = 0
        expect(NdisChimneyDispatch(registry, handle, entryPoint, list, 0), NDIS_STATUS_SUCCESS, "dispatch to set 3")
        expect(calledBack.pointee.teardownStatus, expected, "the handler's call (\(action))")
        if action == .destroyOwnRegistry, calledBack.pointee.teardownStatus == NDIS_STATUS_SUCCESS {
            destroyed = true
            return
        }
        calledBack.pointee.teardown = nil
        if action == .closeOther, expected == NDIS_STATUS_SUCCESS, let other { closed(other) }
        // Close op 10's binding, so that its context serves the next one.
        expect(NdisChimneyCloseBinding(handle), NDIS_STATUS_SUCCESS, "closing the called-back binding")
        closed(own)
    }

    /// The model after a binding closed.
    mutating func closed(_ index: Int) {
        bindings[index].live = false
        bindings[index].closing = false
        drivers[bindings[index].driver].openBindings -= 1
    }

    /// Checks that `handle` was never given out before.
    mutating func noteGiven(_ handle: NDIS_HANDLE?) {
        if knownHandles.contains(handle) {
            problems.append("a handle was given out twice")
        }
    }
}
