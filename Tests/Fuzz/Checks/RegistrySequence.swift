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
/// RegistrySequence+Operations.swift.
struct RegistrySequence {
    struct Driver {
        var handle: NDIS_HANDLE?
        var live: Bool
        var entries: [UInt]
        /// Which set is installed (1, 2, 3), 0 for none.
        var set: Int
        var openBindings: Int
    }
    struct Binding {
        var handle: NDIS_HANDLE?
        var live: Bool
        var driver: Int
        var sighting: Int
    }

    var reader: ByteReader
    let registry: OpaquePointer?
    let driverCapacity: Int
    let bindingCapacity: Int
    /// The contexts bindings record into: four shared ones, and one for the
    /// binding a handler of op 10 calls back from.
    let sightings: UnsafeMutablePointer<Recorder>
    let list: UnsafeMutablePointer<COffloadBlockList>
    var drivers: [Driver] = []
    var bindings: [Binding] = []
    var problems: [String] = []
    /// Whether op 10 destroyed the registry (it must not: the check fails).
    var destroyed = false

    /// The context of op 10's binding.
    var calledBack: UnsafeMutablePointer<Recorder> { sightings + 4 }

    init?(reader: ByteReader, drivers: Int, bindings: Int) {
        var registry: OpaquePointer?
        guard NdisChimneyCreateRegistry(ULONG(drivers), ULONG(bindings), &registry) == NDIS_STATUS_SUCCESS else {
            return nil
        }
        self.reader = reader
        self.registry = registry
        driverCapacity = drivers
        bindingCapacity = bindings
        sightings = .allocate(capacity: 5)
        sightings.initialize(repeating: Recorder(), count: 5)
        list = .allocate(capacity: 1)
    }

    /// Closes what is open and destroys the registry, checking that each of
    /// these calls succeeds (so that nothing a sequence did was left half
    /// done), and frees the contexts.
    mutating func tearDown() {
        if !destroyed {
            for binding in bindings where binding.live {
                expect(NdisChimneyCloseBinding(binding.handle), NDIS_STATUS_SUCCESS, "closing at the end")
            }
            expect(NdisChimneyDestroyRegistry(registry), NDIS_STATUS_SUCCESS, "destroying at the end")
        }
        sightings.deinitialize(count: 5)
        sightings.deallocate()
        list.deallocate()
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
        let known = (drivers.map(\.handle) + bindings.map(\.handle)).map { UInt(bitPattern: $0) }
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

    /// A driver to call with: mostly a known one, sometimes a forged value
    /// (which names the known driver it happens to equal, if any).
    mutating func pickDriver() -> (handle: NDIS_HANDLE?, index: Int?)? {
        if reader.next() % 4 == 0 {
            let handle = forged()
            return (handle, drivers.firstIndex { $0.handle == handle })
        }
        return pick(drivers).map { (drivers[$0].handle, $0) }
    }

    /// The same for bindings.
    mutating func pickBinding() -> (handle: NDIS_HANDLE?, index: Int?)? {
        if reader.next() % 4 == 0 {
            let handle = forged()
            return (handle, bindings.firstIndex { $0.handle == handle })
        }
        return pick(bindings).map { (bindings[$0].handle, $0) }
    }

    /// The calls each context has recorded so far.
    func calls() -> [Int] { (0..<5).map { sightings[$0].calls } }

    /// NdisSetOptionalHandlers with `chars` for `driver`.
    func install(_ chars: CChimneyCharacteristics, for driver: NDIS_HANDLE?) -> NDIS_STATUS {
        var copy = chars
        return withUnsafeMutablePointer(to: &copy) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(driver, $0) }
        }
    }
}
