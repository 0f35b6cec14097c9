import NdisChimney
import Testing

/// Two adapters: B0 and B1 bound to A0, B2 to A1, B3 to none; and a second
/// protocol driver's binding B4 on A0. What each indication below reaches.
private struct Scene {
    let stack: OffloadStack
    let bindings: [BindingHandle]
    let probes: [ProtocolProbe]

    init() throws {
        let stack = try OffloadStack(adapters: 2)
        let second = try stack.registry.registerProtocolDriver()
        try stack.registry.setChimneyCharacteristics(probeCharacteristics(), for: second)
        let bound = try [stack.bind(0), stack.bind(0), stack.bind(1), stack.bind(nil), stack.bind(0, driver: second)]
        self.stack = stack
        bindings = bound.map(\.handle)
        probes = bound.map(\.probe)
    }

    /// Which bindings got an indication since the last look, and what each got.
    func take() -> [Int: [Delivery]] {
        var seen: [Int: [Delivery]] = [:]
        for (index, probe) in probes.enumerated() where !probe.deliveries.isEmpty { seen[index] = probe.deliveries }
        return seen
    }
}

/// An indication as a protocol handler must see it: list and code unchanged.
private func indication(_ list: UnsafeMutablePointer<COffloadBlockList>?, _ code: OffloadEvent) -> Delivery {
    Delivery(
        entryPoint: .indicateOffloadEvent, list: address(list),
        sourceHandle: UInt(bitPattern: list?.pointee.SourceHandle),
        status: list?.pointee.Status ?? 0, code: code.rawValue)
}

@Suite("Offload event indications: to every binding open on the adapter")
struct OffloadEventIndicationTests {
    @Test(
        "NeighborReachabilityQuery with a list, InDoubt without: every open binding on the adapter, list and code unchanged"
    )
    func deliveredToAdaptersBindings() throws {
        let scene = try Scene()
        let list = scene.stack.lists.make()
        // Values a library that wrote the block would disturb.
        list.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: 0x5EED_0041)
        list.pointee.Status = NDIS_STATUS_PENDING
        let reached = scene.stack.registry.indicateOffloadEvent(
            on: scene.stack.adapters[0], blockList: miniportView(list), code: .neighborReachabilityQuery)
        #expect(reached == 3)
        let query = indication(list, .neighborReachabilityQuery)
        #expect(scene.take() == [0: [query], 1: [query], 4: [query]])
        #expect(
            UInt(bitPattern: list.pointee.SourceHandle) == 0x5EED_0041 && list.pointee.Status == NDIS_STATUS_PENDING)

        #expect(
            scene.stack.registry.indicateOffloadEvent(
                on: scene.stack.adapters[1], blockList: nil, code: .neighborReachabilityInDoubt) == 1)
        #expect(scene.take()[2] == [indication(nil, .neighborReachabilityInDoubt)])
        #expect(scene.stack.hook.refusals.isEmpty)
        #expect(try scene.stack.counts(0) == noCounts && scene.stack.counts(1) == noCounts)
    }

    @Test("A code and list that disagree with INDICATE_OFFLOAD_EVENT are refused, counted and reported")
    func invalidIndications() throws {
        let scene = try Scene()
        let list = scene.stack.lists.make()
        let adapter = scene.stack.adapters[0]
        let cases: [(UnsafeMutablePointer<COffloadBlockList>?, ULONG)] = [
            (list, OffloadEvent.neighborReachabilityInDoubt.rawValue),
            (nil, OffloadEvent.neighborReachabilityQuery.rawValue),
            (nil, 0), (list, 0), (list, OffloadEvent.maxOffloadEvent.rawValue),
            (nil, OffloadEvent.maxOffloadEvent.rawValue),
            (list, ULONG.max),
        ]
        for (index, (list, code)) in cases.enumerated() {
            let reached = scene.stack.registry.indicateOffloadEvent(
                on: adapter, blockList: list.map(miniportView), code: OffloadEvent(rawValue: code))
            #expect(reached == 0)
            #expect(
                scene.stack.hook.take() == [
                    Refusal(
                        handle: adapter.rawValue, routine: .eventIndication, list: address(list),
                        reason: .invalidIndication)
                ], "code \(code), list \(list == nil ? "NULL" : "given")")
            #expect(try scene.stack.counts(0).refusedIndications == UInt(index + 1))
        }
        #expect(scene.take().isEmpty)
        #expect(try scene.stack.counts(1) == noCounts)
    }

    @Test("Closed bindings, and one whose close is waiting for a request, are skipped")
    func closedSkipped() throws {
        let scene = try Scene()
        let registry = scene.stack.registry
        try registry.closeBinding(scene.bindings[1])
        // B0's close times out with a request at the target: it is closing.
        registry.request(.query, on: scene.bindings[0], blockList: scene.stack.lists.make())
        #expect(throws: RegistryError.closeTimedOut(dispatchesInFlight: 1)) {
            try registry.closeBinding(scene.bindings[0], waitingAtMost: 1)
        }
        #expect(
            registry.indicateOffloadEvent(
                on: scene.stack.adapters[0], blockList: nil, code: .neighborReachabilityInDoubt)
                == 1)
        #expect(scene.take() == [4: [indication(nil, .neighborReachabilityInDoubt)]])
        scene.stack.targets[0].completeHeld()
        try registry.closeBinding(scene.bindings[0])
    }

    @Test("An indication on an unknown, removed or NULL adapter handle is refused and reaches no one")
    func unknownAdapter() throws {
        let scene = try Scene()
        let registry = scene.stack.registry
        let spare = try registry.addAdapter(miniportDriver: scene.stack.miniportDrivers[0], context: nil)
        try registry.removeAdapter(spare)
        for handle in [0, spare.rawValue, scene.bindings[0].rawValue, scene.stack.adapters[0].rawValue ^ 1 << 40] {
            let reached = registry.indicateOffloadEvent(
                on: AdapterHandle(rawValue: handle), blockList: nil, code: .neighborReachabilityInDoubt)
            #expect(reached == 0)
            #expect(
                scene.stack.hook.take() == [
                    Refusal(handle: handle, routine: .eventIndication, list: 0, reason: .unknownAdapter)
                ])
        }
        #expect(scene.take().isEmpty)
        #expect(try scene.stack.counts(0) == noCounts && scene.stack.counts(1) == noCounts)
    }
}
