import NdisChimney

// The operations of the offload target's side: miniport drivers, their
// provider characteristics and adapters, bindings bound to adapters, the
// counts and the hook. Each decodes its operands, makes the call, checks
// the status against the model, and updates the model.

extension RegistrySequence {
    mutating func registerMiniport() {
        var handle: NDIS_HANDLE?
        let live = miniportDrivers.filter(\.live).count
        let status = NdisChimneyRegisterMiniportDriver(registry, &handle)
        expect(
            status, live < miniportCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES, "register a miniport driver")
        if status == NDIS_STATUS_SUCCESS {
            noteGiven(handle)
            miniportDrivers.append(MiniportDriver(handle: handle, live: true))
        }
    }

    mutating func deregisterMiniport() {
        guard let (handle, index) = pickMiniportDriver() else { return }
        let expected =
            index.map { !miniportDrivers[$0].live } ?? true
            ? NDIS_STATUS_INVALID_PARAMETER
            : miniportDrivers[index!].adapters > 0 ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS
        expect(
            NdisChimneyDeregisterMiniportDriver(handle), expected,
            "deregister miniport \(hex(UInt(bitPattern: handle)))")
        if expected == NDIS_STATUS_SUCCESS { miniportDrivers[index!].live = false }
    }

    /// NdisSetOptionalHandlers from a miniport driver (or, an eighth of the
    /// time, a protocol driver): one of the four structures, or another
    /// Type, with fuzzed Revision, Size, Flags, OffloadType and handlers.
    mutating func installProvider() {
        let fromProtocol = reader.next() % 8 == 0
        guard let (handle, _) = fromProtocol ? pickDriver() : pickMiniportDriver() else { return }
        let kind = reader.next()
        let type: UInt8 = [0x8F, 0x8F, 0x8F, 0x94, 0x8E, 0x93, 0x80, kind][Int(kind % 8)]
        let least: Int
        switch type {
        case 0x8E: least = MemoryLayout<CChimneyCharacteristics>.size
        case 0x93: least = MemoryLayout<CClientTCPCharacteristics>.size
        case 0x94: least = MemoryLayout<CProviderTCPCharacteristics>.size
        default: least = MemoryLayout<CProviderChimneyCharacteristics>.size
        }
        let revision = reader.next() % 3
        let sizeChoice = reader.next()
        let size = sizeChoice % 4 == 0 ? reader.next16() : UInt16(least - 1 + [0, 1, 9][Int(sizeChoice % 4) - 1])
        let flags: UInt32 = reader.next() % 8 == 0 ? reader.next32() : 0
        let offloadType: UInt32 = reader.next() % 8 == 0 ? UInt32(reader.next() % 4) : 1
        let set = Int(reader.next() % 2)
        let present = reader.next()
        let client = type == 0x8E || type == 0x93
        // The handlers: a client structure gets a recording set's (which a
        // protocol driver's bindings may be given), a provider structure a
        // provider set's; TCP handlers are never called.
        let entries =
            client
            ? (0..<6).map { present & (1 << $0) != 0 ? entrySets[set][$0] : 0 }
            : (0..<5).map { present & (1 << $0) != 0 ? providerSets[set][$0] : 0 }

        // Header.Size bytes are there, as NDIS assumes; at least the largest structure.
        let byteCount = max(Int(size), MemoryLayout<CClientTCPCharacteristics>.size)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        buffer.storeBytes(of: type, as: UInt8.self)
        buffer.storeBytes(of: revision, toByteOffset: 1, as: UInt8.self)
        buffer.storeBytes(of: size, toByteOffset: 2, as: UInt16.self)
        buffer.storeBytes(of: flags, toByteOffset: 4, as: UInt32.self)
        let tcp = type == 0x93 || type == 0x94
        if tcp { buffer.storeBytes(of: offloadType, toByteOffset: 8, as: UInt32.self) }
        for (slot, address) in entries.enumerated() {
            buffer.storeBytes(of: address, toByteOffset: (tcp ? 16 : 8) + slot * MemoryLayout<UInt>.size, as: UInt.self)
        }

        let verdict = installVerdict(buffer, from: handle)
        let status = buffer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
            NdisSetOptionalHandlers(handle, $0)
        }
        expect(
            status, verdict.status,
            "NdisSetOptionalHandlers(type \(type), revision \(revision), size \(size), flags \(flags), "
                + "offload type \(offloadType)) from a \(fromProtocol ? "protocol" : "miniport") driver")
        if verdict.status == NDIS_STATUS_SUCCESS {
            installed(
                buffer, protocolDriver: verdict.protocolDriver, miniportDriver: verdict.miniportDriver, set: set + 1)
        }
    }

    mutating func addAdapter() {
        guard let (driver, index) = pickMiniportDriver() else { return }
        let live = adapters.filter(\.live).count
        let expected =
            index.map { !miniportDrivers[$0].live } ?? true
            ? NDIS_STATUS_INVALID_PARAMETER
            : live < adapterCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES
        let target = UnsafeMutablePointer<TargetRecord>.allocate(capacity: 1)
        target.initialize(to: TargetRecord())
        var handle: NDIS_HANDLE?
        let status = NdisChimneyAddAdapter(driver, target, &handle)
        expect(status, expected, "add an adapter")
        guard status == NDIS_STATUS_SUCCESS, let index else {
            target.deallocate()
            return
        }
        noteGiven(handle)
        target.pointee.adapter = handle
        adapters.append(Adapter(handle: handle, live: true, driver: index, target: target))
        miniportDrivers[index].adapters += 1
    }

    mutating func removeAdapter() {
        guard let (handle, index) = pickAdapter() else { return }
        let expected =
            index.map { !adapters[$0].live } ?? true
            ? NDIS_STATUS_INVALID_PARAMETER
            : bindings.contains { $0.live && $0.adapter == index } ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS
        expect(NdisChimneyRemoveAdapter(handle), expected, "remove adapter \(hex(UInt(bitPattern: handle)))")
        guard expected == NDIS_STATUS_SUCCESS, let index else { return }
        adapters[index].live = false
        miniportDrivers[adapters[index].driver].adapters -= 1
        // What its target held can never complete now (its bindings are gone).
        held.removeAll { $0.adapter == index }
    }

    /// NdisChimneyOpenAdapterBinding: a protocol driver's binding bound to
    /// an adapter, recording into one of the eight adapter contexts.
    mutating func openAdapterBinding() {
        guard let (driver, index) = pickDriver(), let (adapter, adapterIndex) = pickAdapter() else { return }
        let sighting = 5 + Int(reader.next() % 8)
        let open = bindings.filter(\.live).count
        let expected =
            !(index.map { drivers[$0].live } ?? false) || !(adapterIndex.map { adapters[$0].live } ?? false)
            ? NDIS_STATUS_INVALID_PARAMETER
            : open < bindingCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES
        var handle: NDIS_HANDLE?
        let status = NdisChimneyOpenAdapterBinding(driver, adapter, sightings + sighting, &handle)
        expect(status, expected, "open a binding on adapter \(hex(UInt(bitPattern: adapter)))")
        guard status == NDIS_STATUS_SUCCESS, let index, let adapterIndex else { return }
        noteGiven(handle)
        bindings.append(Binding(handle: handle, live: true, driver: index, sighting: sighting, adapter: adapterIndex))
        drivers[index].openBindings += 1
    }

    /// NdisChimneyQueryAdapterCounts, of a known or forged adapter handle.
    mutating func queryCounts() {
        guard let (handle, index) = pickAdapter() else { return }
        guard let index, adapters[index].live else {
            var counts = NDIS_CHIMNEY_ADAPTER_COUNTS()
            expect(
                NdisChimneyQueryAdapterCounts(handle, &counts), NDIS_STATUS_INVALID_PARAMETER,
                "counts of a stale adapter")
            return
        }
        checkCounts(index)
    }

    /// Checks adapter `index`'s counts against the model.
    mutating func checkCounts(_ index: Int) {
        var counts = NDIS_CHIMNEY_ADAPTER_COUNTS()
        expect(NdisChimneyQueryAdapterCounts(adapters[index].handle, &counts), NDIS_STATUS_SUCCESS, "counts")
        let adapter = adapters[index]
        let expected = [adapter.refusedCompletions, adapter.refusedIndications, adapter.failedRequests]
        let found = [counts.RefusedCompletions, counts.RefusedIndications, counts.FailedRequests]
        if found != expected { problems.append("adapter \(index)'s counts are \(found), expected \(expected)") }
    }

    /// Sets the offload hook, or takes it away.
    mutating func setHook() {
        hookSet = reader.next() % 2 == 0
        let status =
            hookSet
            ? NdisChimneySetOffloadHook(registry, recordRefusal, hookLog)
            : NdisChimneySetOffloadHook(registry, nil, nil)
        expect(status, NDIS_STATUS_SUCCESS, "setting the hook")
    }
}
