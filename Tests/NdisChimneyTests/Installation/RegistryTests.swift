import NdisChimney
import NdisChimneyFuzzing
import Testing

@Suite("Registry: NdisSetOptionalHandlers semantics, bindings, handles")
struct RegistryTests {
    @Test("Install then dispatch each entry point: context, list and code arrive unchanged")
    func installAndDispatch() throws {
        let registry = try ProtocolRegistry(driverCapacity: 2, bindingCapacity: 2)
        let driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        let binding = try registry.openBinding(driver: driver, context: recorder)
        let list = UnsafeMutablePointer<COffloadBlockList>.allocate(capacity: 1)
        defer { list.deallocate() }
        for entryPoint in EntryPoint.allCases {
            let result = registry.dispatch(entryPoint, to: binding, blockList: list, indicationCode: 7)
            #expect(result == .delivered)
            #expect(recorder.pointee.entryPoint == entryPoint.rawValue)
            #expect(recorder.pointee.list == UInt(bitPattern: list))
            #expect(recorder.pointee.code == (entryPoint == .indicateOffloadEvent ? 7 : 0))
        }
        #expect(recorder.pointee.calls == 6)
    }

    @Test("A second install replaces the first set whole; NULL entry points are not delivered")
    func replaceWhole() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        let binding = try registry.openBinding(driver: driver, context: recorder)
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .noEntryPoint)
        try registry.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)
        var second = recordingCharacteristics(set: 2)
        second.IndicateOffloadEventHandler = nil  // as real drivers often register
        try registry.setChimneyCharacteristics(second, for: driver)
        for entryPoint in EntryPoint.allCases where entryPoint != .indicateOffloadEvent {
            #expect(registry.dispatch(entryPoint, to: binding, blockList: nil) == .delivered)
            #expect(recorder.pointee.set == 2, "\(entryPoint) comes from the new set")
        }
        let calls = recorder.pointee.calls
        #expect(
            registry.dispatch(.indicateOffloadEvent, to: binding, blockList: nil, indicationCode: 1) == .noEntryPoint)
        #expect(recorder.pointee.calls == calls, "the old set's event handler is gone too")
    }

    @Test("Malformed, NULL and unsupported input changes nothing")
    func refusalsChangeNothing() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)

        var bad = recordingCharacteristics(set: 2)
        bad.Header.Revision = 0
        #expect(throws: RegistryError.invalidCharacteristics(.revisionZero)) {
            try registry.setChimneyCharacteristics(bad, for: driver)
        }
        bad = recordingCharacteristics(set: 2)
        bad.Header.Size -= 1
        let short = RegistryError.invalidCharacteristics(
            .sizeTooSmall(size: bad.Header.Size, minimum: MemoryLayout<CChimneyCharacteristics>.size, abi: .host))
        #expect(throws: short) { try registry.setChimneyCharacteristics(bad, for: driver) }
        #expect(short.status == .invalidParameter)

        bad = recordingCharacteristics(set: 2)
        bad.Header.Type = NDISObjectType.providerChimneyOffloadGenericCharacteristics.rawValue
        let otherSide = RegistryError.wrongSideObjectType(.providerChimneyOffloadGenericCharacteristics)
        #expect(throws: otherSide) { try registry.setChimneyCharacteristics(bad, for: driver) }
        #expect(otherSide.status == .notSupported)
        bad.Header.Type = NDISObjectType.default.rawValue
        let unsupported = RegistryError.unsupportedObjectType(.default)
        #expect(throws: unsupported) { try registry.setChimneyCharacteristics(bad, for: driver) }
        #expect(unsupported.status == .notSupported)

        let null = RegistryError.invalidCharacteristics(.nullPointer)
        #expect(throws: null) { try registry.setOptionalHandlers(nil, for: driver) }
        #expect(null.status == .invalidParameter)

        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        let binding = try registry.openBinding(driver: driver, context: recorder)
        #expect(registry.dispatch(.indicateOffloadEvent, to: binding, blockList: nil, indicationCode: 2) == .delivered)
        #expect(recorder.pointee.set == 1, "set A is still installed after every refusal")
    }

    @Test("The caller's structure may go away once installed: the entry points were copied")
    func copiedNotReferenced() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        let caller = UnsafeMutablePointer<CChimneyCharacteristics>.allocate(capacity: 1)
        caller.initialize(to: recordingCharacteristics(set: 1))
        try caller.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
            try registry.setOptionalHandlers($0, for: driver)
        }
        caller.pointee = CChimneyCharacteristics()  // the caller scribbles over it and frees it
        caller.deallocate()
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        let binding = try registry.openBinding(driver: driver, context: recorder)
        #expect(registry.dispatch(.updateOffloadComplete, to: binding, blockList: nil) == .delivered)
        #expect(recorder.pointee.entryPoint == 2)
    }

    @Test("Capacity is fixed at creation: exhausted gives NDIS_STATUS_RESOURCES, freed slots are reused")
    func capacity() throws {
        let registry = try ProtocolRegistry(driverCapacity: 2, bindingCapacity: 3)
        let first = try registry.registerProtocolDriver()
        let second = try registry.registerProtocolDriver()
        let noDriver = RegistryError.capacityExhausted(.protocolDrivers, capacity: 2)
        #expect(throws: noDriver) { try registry.registerProtocolDriver() }
        #expect(noDriver.status == .resources)

        var bindings = [try registry.openBinding(driver: first, context: nil)]
        bindings.append(try registry.openBinding(driver: second, context: nil))
        bindings.append(try registry.openBinding(driver: first, context: nil))
        let noBinding = RegistryError.capacityExhausted(.bindings, capacity: 3)
        #expect(throws: noBinding) { try registry.openBinding(driver: first, context: nil) }
        try registry.closeBinding(bindings[1])
        let reopened = try registry.openBinding(driver: second, context: nil)
        #expect(reopened != bindings[1], "a reused slot gets a new generation")
        #expect(Set(bindings.map(\.rawValue)).count == 3)

        for (driverCapacity, bindingCapacity) in [(0, 1), (1, 0), (65_536, 1), (1, -1)] {
            #expect(throws: RegistryError.self) {
                try ProtocolRegistry(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity)
            }
        }
    }

    @Test("Closed, reused and foreign handles are refused, never dereferenced")
    func staleHandles() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let other = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        try registry.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        let binding = try registry.openBinding(driver: driver, context: recorder)
        #expect(registry.isOpen(binding))
        #expect(!other.isOpen(binding))
        #expect(other.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .staleBinding)

        try registry.closeBinding(binding)
        #expect(!registry.isOpen(binding))
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .staleBinding)
        #expect(throws: RegistryError.unknownBinding(handle: binding.rawValue)) {
            try registry.closeBinding(binding)
        }
        let successor = try registry.openBinding(driver: driver, context: recorder)
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .staleBinding)
        #expect(registry.dispatch(.queryOffloadComplete, to: successor, blockList: nil) == .delivered)
        #expect(recorder.pointee.calls == 1, "only the live handle's completion arrived")

        for garbage: UInt in [0, 1, ~0, 0xDEAD_BEEF, successor.rawValue ^ (1 << 40)] {
            #expect(
                registry.dispatch(.queryOffloadComplete, to: BindingHandle(rawValue: garbage), blockList: nil)
                    == .staleBinding)
        }
        #expect(throws: RegistryError.unknownDriver(handle: 12345)) {
            try registry.openBinding(driver: DriverHandle(rawValue: 12345), context: nil)
        }
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try other.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)
        }
    }

    @Test("Deregistering: refused while bindings are open, then the driver handle is stale")
    func deregister() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        let binding = try registry.openBinding(driver: driver, context: nil)
        let busy = RegistryError.driverHasOpenBindings(count: 1)
        #expect(throws: busy) { try registry.deregisterProtocolDriver(driver) }
        #expect(busy.status == .failure)
        try registry.closeBinding(binding)
        try registry.deregisterProtocolDriver(driver)
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.setChimneyCharacteristics(recordingCharacteristics(set: 1), for: driver)
        }
        let again = try registry.registerProtocolDriver()
        #expect(again != driver)
    }
}

@Suite("Registry: the order of NdisSetOptionalHandlers' checks")
struct SetOptionalHandlersOrderTests {
    @Test("An unknown driver is refused before the structure is looked at")
    func unknownDriverFirst() throws {
        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        try registry.deregisterProtocolDriver(driver)
        var wrongType = recordingCharacteristics(set: 1)
        wrongType.Header.Type = 0x80
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.setChimneyCharacteristics(wrongType, for: driver)
        }
        #expect(throws: RegistryError.unknownDriver(handle: driver.rawValue)) {
            try registry.setOptionalHandlers(nil, for: driver)
        }
    }
}
