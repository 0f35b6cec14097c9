import NdisChimney

/// The six entry-point addresses of each set of characteristics (index 0 is
/// set 1): the two recording sets and the teardown set.
let entrySets: [[UInt]] = [
    recordingCharacteristics(set: 1), recordingCharacteristics(set: 2), teardownCharacteristics(),
]
.map { chars in
    withUnsafeBytes(of: chars) { bytes in
        (0..<6).map { bytes.load(fromByteOffset: 8 + $0 * MemoryLayout<UInt>.size, as: UInt.self) }
    }
}

/// One fuzzed call sequence on one registry: the registry, the contexts its
/// bindings record into, the model of what NDIS's rules say the registry
/// holds, and what disagreed so far. The operations are in
/// RegistrySequence+Operations.swift (protocol drivers and bindings),
/// +Miniport.swift (the offload target's side) and +Loop.swift (requests,
/// completions and indications).
struct RegistrySequence {
    struct Driver {
        var handle: NDIS_HANDLE?
        var live: Bool
        var entries: [UInt]
        /// Which set is installed (1, 2, 3), 0 for none.
        var set: Int
        /// Bindings open or closing.
        var openBindings: Int
    }
    struct Binding {
        var handle: NDIS_HANDLE?
        /// Holds its slot: open, or closing (a close timed out).
        var live: Bool
        var driver: Int
        var sighting: Int
        /// The adapter it is bound to.
        var adapter: Int? = nil
        /// A close timed out: requests are refused, completions still taken.
        var closing = false
        /// Requests the library counts outstanding at the adapter.
        var outstanding = 0

        /// Open: takes requests and dispatches.
        var isOpen: Bool { live && !closing }
    }
    struct MiniportDriver {
        var handle: NDIS_HANDLE?
        var live: Bool
        /// The provider handlers installed (five addresses, 0 for none).
        var entries = [UInt](repeating: 0, count: 5)
        /// Which provider set (1, 2) the handlers are of, 0 for none.
        var set = 0
        var adapters = 0
    }
    struct Adapter {
        var handle: NDIS_HANDLE?
        var live: Bool
        var driver: Int
        /// Its MiniportAdapterContext.
        var target: UnsafeMutablePointer<TargetRecord>
        var refusedCompletions: UInt64 = 0
        var refusedIndications: UInt64 = 0
        var failedRequests: UInt64 = 0
    }
    /// A block list a request was made with, and what its root block must
    /// hold.
    struct List {
        let pointer: UnsafeMutablePointer<COffloadBlockList>
        var source: UInt = 0
        var status: NDIS_STATUS = 0
        /// The request's routine (OffloadRequest.rawValue).
        var request: Int
    }
    /// A delivery the model predicts.
    struct Delivery {
        var sighting: Int
        var entryPoint: Int
        var list: UInt
        var code: ULONG
        var set: Int
    }

    var reader: ByteReader
    let registry: OpaquePointer?
    let driverCapacity: Int
    let bindingCapacity: Int
    let miniportCapacity: Int
    let adapterCapacity: Int
    /// The contexts bindings record into: four shared ones, one for the
    /// binding a handler of op 10 calls back from, and eight for bindings
    /// bound to adapters.
    let sightings: UnsafeMutablePointer<Recorder>
    static let sightingCount = 13
    let list: UnsafeMutablePointer<COffloadBlockList>
    var drivers: [Driver] = []
    var bindings: [Binding] = []
    var miniportDrivers: [MiniportDriver] = []
    var adapters: [Adapter] = []
    var lists: [List] = []
    /// Requests the targets hold: (list, adapter that received it).
    var held: [(list: Int, adapter: Int)] = []
    /// What the offload hook was told, and whether it is set.
    let hookLog: UnsafeMutablePointer<[HookEntry]>
    var hookSet = true
    /// What the model predicts the current call delivers and refuses.
    var predicted: [Delivery] = []
    var predictedRefusals: [HookEntry] = []
    var problems: [String] = []
    /// Whether op 10 destroyed the registry (it must not: the check fails).
    var destroyed = false

    /// The context of op 10's binding.
    var calledBack: UnsafeMutablePointer<Recorder> { sightings + 4 }

    init?(reader: ByteReader, drivers: Int, bindings: Int, miniportDrivers: Int, adapters: Int) {
        var registry: OpaquePointer?
        guard
            NdisChimneyCreateRegistryEx(
                ULONG(drivers), ULONG(bindings), ULONG(miniportDrivers), ULONG(adapters), &registry)
                == NDIS_STATUS_SUCCESS
        else { return nil }
        self.reader = reader
        self.registry = registry
        driverCapacity = drivers
        bindingCapacity = bindings
        miniportCapacity = miniportDrivers
        adapterCapacity = adapters
        sightings = .allocate(capacity: Self.sightingCount)
        sightings.initialize(repeating: Recorder(), count: Self.sightingCount)
        list = .allocate(capacity: 1)
        hookLog = .allocate(capacity: 1)
        hookLog.initialize(to: [])
        if NdisChimneySetOffloadHook(registry, recordRefusal, hookLog) != NDIS_STATUS_SUCCESS {
            problems.append("setting the offload hook")
        }
    }

    /// Completes what the targets hold, closes what is open and destroys the
    /// registry, checking that each of these calls succeeds (so that nothing
    /// a sequence did was left half done) and every adapter's counts, and
    /// frees the contexts.
    mutating func tearDown() {
        if !destroyed {
            drainOutstanding()
            for binding in bindings where binding.live {
                expect(NdisChimneyCloseBindingEx(binding.handle, 1_000), NDIS_STATUS_SUCCESS, "closing at the end")
            }
            for index in adapters.indices where adapters[index].live { checkCounts(index) }
            expect(NdisChimneyDestroyRegistry(registry), NDIS_STATUS_SUCCESS, "destroying at the end")
        }
        sightings.deinitialize(count: Self.sightingCount)
        sightings.deallocate()
        list.deallocate()
        hookLog.deinitialize(count: 1)
        hookLog.deallocate()
        for adapter in adapters { adapter.target.deallocate() }
        for list in lists { list.pointer.deallocate() }
    }

    mutating func expect(_ status: NDIS_STATUS, _ expected: NDIS_STATUS, _ what: String) {
        if status != expected {
            problems.append("\(what): \(NDISStatus(rawValue: status)), expected \(NDISStatus(rawValue: expected))")
        }
    }

    mutating func pick<T>(_ items: [T]) -> Int? { items.isEmpty ? nil : Int(reader.next()) % items.count }

    /// A value no call was given as such: NULL, a known handle (of either
    /// kind, live or not) with one bit flipped, a known one moved to another
    /// slot with its generation kept or zeroed (a free or never-opened
    /// slot's value), or a made-up value. It knows the handle layout
    /// (HandleBits: index in bits 6...21, generation from bit 30) so that it
    /// reaches every comparison the registry makes.
    mutating func forged() -> NDIS_HANDLE? {
        let known = knownHandles.map { UInt(bitPattern: $0) }
        let base = known.isEmpty ? 1 : known[Int(reader.next()) % known.count]
        switch reader.next() % 5 {
        case 0: return nil
        case 1: return NDIS_HANDLE(bitPattern: base ^ 1 << UInt(reader.next() % 64))
        case 2:
            let moved = base & ~(0xFFFF << 6) | UInt(reader.next() % 8) << 6
            return NDIS_HANDLE(bitPattern: reader.next() % 2 == 0 ? moved : moved & (1 << 30 - 1))
        case 3: return NDIS_HANDLE(bitPattern: UInt(reader.next32()) << 8 | 1)
        default: return NDIS_HANDLE(bitPattern: UInt(reader.next32()) << 32 | UInt(reader.next32()))
        }
    }

    /// A handle to call with: mostly one of `handles`, sometimes a forged
    /// value (which names the one of them it happens to equal, if any), with
    /// its index among them.
    mutating func pick(among handles: [NDIS_HANDLE?]) -> (handle: NDIS_HANDLE?, index: Int?)? {
        if reader.next() % 4 == 0 {
            let handle = forged()
            return (handle, handles.firstIndex { $0 == handle })
        }
        return pick(handles).map { (handles[$0], $0) }
    }

    /// A protocol driver to call with (`pick(among:)`).
    mutating func pickDriver() -> (handle: NDIS_HANDLE?, index: Int?)? { pick(among: drivers.map(\.handle)) }

    /// A binding to call with.
    mutating func pickBinding() -> (handle: NDIS_HANDLE?, index: Int?)? { pick(among: bindings.map(\.handle)) }

    /// A miniport driver to call with.
    mutating func pickMiniportDriver() -> (handle: NDIS_HANDLE?, index: Int?)? {
        pick(among: miniportDrivers.map(\.handle))
    }

    /// An adapter to call with.
    mutating func pickAdapter() -> (handle: NDIS_HANDLE?, index: Int?)? { pick(among: adapters.map(\.handle)) }

    /// Every handle given out so far, of every kind.
    var knownHandles: [NDIS_HANDLE?] {
        drivers.map(\.handle) + bindings.map(\.handle) + miniportDrivers.map(\.handle) + adapters.map(\.handle)
    }

    /// The calls each context has recorded so far.
    func calls() -> [Int] { (0..<Self.sightingCount).map { sightings[$0].calls } }

    /// What NdisSetOptionalHandlers must answer for the structure at
    /// `structure` from `handle`, by the rules of its Header.Type, and the
    /// driver whose entry points it replaces: a protocol driver (the client
    /// generic structure) or a miniport driver (the provider generic one);
    /// none for a TCP structure, which is kept. `handle` may be either
    /// kind's, whichever list it was picked from.
    func installVerdict(
        _ structure: UnsafeRawPointer, from handle: NDIS_HANDLE?
    ) -> (status: NDIS_STATUS, protocolDriver: Int?, miniportDriver: Int?) {
        let protocolDriver = drivers.firstIndex { $0.live && $0.handle == handle }
        let miniportDriver = miniportDrivers.firstIndex { $0.live && $0.handle == handle }
        guard protocolDriver != nil || miniportDriver != nil else { return (NDIS_STATUS_INVALID_PARAMETER, nil, nil) }
        let type = structure.load(as: UInt8.self)
        let least: [UInt8: Int] = [
            0x8E: MemoryLayout<CChimneyCharacteristics>.size, 0x8F: MemoryLayout<CProviderChimneyCharacteristics>.size,
            0x93: MemoryLayout<CClientTCPCharacteristics>.size, 0x94: MemoryLayout<CProviderTCPCharacteristics>.size,
        ]
        guard let minimum = least[type] else { return (NDIS_STATUS_NOT_SUPPORTED, nil, nil) }
        let client = type == 0x8E || type == 0x93
        let tcp = type == 0x93 || type == 0x94
        let revision = structure.load(fromByteOffset: 1, as: UInt8.self)
        let size = Int(structure.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
        let flags = structure.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let offloadType = tcp ? structure.loadUnaligned(fromByteOffset: 8, as: UInt32.self) : 1
        // The provider structures have no revision constant: any Revision.
        guard !client || revision >= 1, size >= minimum, flags == 0, offloadType == 1 else {
            return (NDIS_STATUS_INVALID_PARAMETER, nil, nil)
        }
        guard client == (protocolDriver != nil) else { return (NDIS_STATUS_NOT_SUPPORTED, nil, nil) }
        return tcp ? (NDIS_STATUS_SUCCESS, nil, nil) : (NDIS_STATUS_SUCCESS, protocolDriver, miniportDriver)
    }

    /// The model after an installation of the generic structure at
    /// `structure` that `installVerdict` said succeeds: the driver's entry
    /// points are the structure's, tagged `set`.
    mutating func installed(
        _ structure: UnsafeRawPointer, protocolDriver: Int?, miniportDriver: Int?, set: Int
    ) {
        let entries = { (count: Int) in
            (0..<count).map { structure.loadUnaligned(fromByteOffset: 8 + $0 * MemoryLayout<UInt>.size, as: UInt.self) }
        }
        if let protocolDriver {
            drivers[protocolDriver].entries = entries(6)
            drivers[protocolDriver].set = set
        } else if let miniportDriver {
            miniportDrivers[miniportDriver].entries = entries(5)
            miniportDrivers[miniportDriver].set = set
        }
    }

    /// NdisSetOptionalHandlers with `chars` for `driver`.
    func install(_ chars: CChimneyCharacteristics, for driver: NDIS_HANDLE?) -> NDIS_STATUS {
        var copy = chars
        return withUnsafeMutablePointer(to: &copy) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(driver, $0) }
        }
    }
}
