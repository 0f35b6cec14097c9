import NdisChimney

/// The six entry-point addresses of each recording set (index 0 is set 1).
private let entrySets: [[UInt]] = [1, 2].map { set in
    withUnsafeBytes(of: recordingCharacteristics(set: set)) { bytes in
        (0..<6).map { bytes.load(fromByteOffset: 8 + $0 * MemoryLayout<UInt>.size, as: UInt.self) }
    }
}

/// Reads the fuzzer's bytes one at a time; zeros once they run out.
private struct ByteReader {
    var bytes: UnsafeRawBufferPointer
    var position = 0
    var isAtEnd: Bool { position >= bytes.count }
    mutating func next() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }
    mutating func next16() -> UInt16 { UInt16(next()) | UInt16(next()) << 8 }
    mutating func next32() -> UInt32 { UInt32(next16()) | UInt32(next16()) << 16 }
}

/// Drives the registry's C entry points with a call sequence decoded from
/// fuzzer bytes and checks every status and every delivery against a plain
/// model of NDIS's rules. Returns what disagreed; empty when all is well.
public func checkRegistrySequence(_ input: UnsafeRawBufferPointer) -> [String] {
    var reader = ByteReader(bytes: input)
    let driverCapacity = Int(reader.next() % 4) + 1
    let bindingCapacity = Int(reader.next() % 8) + 1
    var registry: OpaquePointer?
    guard NdisChimneyCreateRegistry(ULONG(driverCapacity), ULONG(bindingCapacity), &registry) == NDIS_STATUS_SUCCESS
    else { return ["could not create a registry of \(driverCapacity) drivers and \(bindingCapacity) bindings"] }
    defer { NdisChimneyDestroyRegistry(registry) }

    let sightings = UnsafeMutablePointer<Recorder>.allocate(capacity: 4)
    sightings.initialize(repeating: Recorder(), count: 4)
    defer { sightings.deallocate() }
    let list = UnsafeMutablePointer<COffloadBlockList>.allocate(capacity: 1)
    defer { list.deallocate() }

    // The model.
    struct Driver { var handle: NDIS_HANDLE?; var live: Bool; var entries: [UInt]; var set: Int; var openBindings: Int }
    struct Binding { var handle: NDIS_HANDLE?; var live: Bool; var driver: Int; var sighting: Int }
    var drivers: [Driver] = []
    var bindings: [Binding] = []
    var problems: [String] = []
    func expect(_ status: NDIS_STATUS, _ expected: NDIS_STATUS, _ what: String) {
        if status != expected {
            problems.append("\(what): \(NDISStatus(rawValue: status)), expected \(NDISStatus(rawValue: expected))")
        }
    }
    func pick<T>(_ items: [T]) -> Int? { items.isEmpty ? nil : Int(reader.next()) % items.count }
    /// A value no call was given as such: NULL, a known handle (of either
    /// kind, live or not) with one bit flipped, a known one moved to another
    /// slot with its generation kept or zeroed (a free or never-opened
    /// slot's value), or a made-up value. It knows the handle layout
    /// (HandleBits: index in bits 6...21, generation from bit 30) so that it
    /// reaches every comparison the registry makes.
    func forged() -> NDIS_HANDLE? {
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
    func pickDriver() -> (handle: NDIS_HANDLE?, index: Int?)? {
        if reader.next() % 4 == 0 {
            let handle = forged()
            return (handle, drivers.firstIndex { $0.handle == handle })
        }
        return pick(drivers).map { (drivers[$0].handle, $0) }
    }
    /// The same for bindings.
    func pickBinding() -> (handle: NDIS_HANDLE?, index: Int?)? {
        if reader.next() % 4 == 0 {
            let handle = forged()
            return (handle, bindings.firstIndex { $0.handle == handle })
        }
        return pick(bindings).map { (bindings[$0].handle, $0) }
    }

    while !reader.isAtEnd && problems.isEmpty {
        switch reader.next() % 8 {
        case 0:  // register
            var handle: NDIS_HANDLE?
            let live = drivers.filter(\.live).count
            let status = NdisChimneyRegisterProtocolDriver(registry, &handle)
            expect(status, live < driverCapacity ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES, "register")
            if status == NDIS_STATUS_SUCCESS {
                drivers.append(
                    Driver(handle: handle, live: true, entries: Array(repeating: 0, count: 6), set: 0, openBindings: 0))
            }
        case 1:  // deregister
            guard let (handle, index) = pickDriver() else { continue }
            let expected =
                index.map { !drivers[$0].live } ?? true
                ? NDIS_STATUS_INVALID_PARAMETER
                : drivers[index!].openBindings > 0 ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS
            expect(NdisChimneyDeregisterProtocolDriver(handle), expected, "deregister \(String(describing: handle))")
            if expected == NDIS_STATUS_SUCCESS { drivers[index!].live = false }
        case 2:  // NdisSetOptionalHandlers with a fuzzed header and entry points
            guard let (handle, index) = pickDriver() else { continue }
            let type = reader.next() % 4 == 0 ? reader.next() : 0x8E
            let revision = reader.next() % 3
            let sizeChoice = reader.next()
            let size: UInt16 =
                sizeChoice % 4 == 0
                ? reader.next16() : UInt16(MemoryLayout<CChimneyCharacteristics>.size) + UInt16(sizeChoice % 4 - 1) * 8
            let flags: UInt32 = reader.next() % 8 == 0 ? reader.next32() : 0
            let set = Int(reader.next() % 2)
            let present = reader.next()
            let entries = (0..<6).map { present & (1 << $0) != 0 ? entrySets[set][$0] : 0 }
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
            let wellFormed =
                revision >= 1 && Int(size) >= MemoryLayout<CChimneyCharacteristics>.size && flags == 0
            let expected =
                index.map { !drivers[$0].live } ?? true
                ? NDIS_STATUS_INVALID_PARAMETER
                : type != 0x8E
                    ? NDIS_STATUS_NOT_SUPPORTED
                    : wellFormed ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER
            let status = buffer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                NdisSetOptionalHandlers(handle, $0)
            }
            expect(
                status, expected,
                "NdisSetOptionalHandlers(type \(type), revision \(revision), size \(size), flags \(flags))")
            if expected == NDIS_STATUS_SUCCESS {
                drivers[index!].entries = entries
                drivers[index!].set = set + 1
            }
        case 3:  // open
            guard let (driver, index) = pickDriver() else { continue }
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
                if bindings.contains(where: { $0.handle == handle }) { problems.append("a handle was given out twice") }
                bindings.append(Binding(handle: handle, live: true, driver: index!, sighting: sighting))
                drivers[index!].openBindings += 1
            }
        case 4:  // close
            guard let (handle, index) = pickBinding() else { continue }
            let live = index.map { bindings[$0].live } ?? false
            expect(
                NdisChimneyCloseBinding(handle), live ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER,
                "close \(String(describing: handle))")
            if let index, live {
                bindings[index].live = false
                drivers[bindings[index].driver].openBindings -= 1
            }
        case 5, 6:  // dispatch, to a known or a forged handle
            let entryPoint = ULONG(reader.next() % 7)  // 6 is out of range
            let code = reader.next32()
            guard let (handle, known) = pickBinding() ?? (reader.next() % 2 == 0 ? (forged(), nil) : nil) else {
                continue
            }
            var expected = NDIS_STATUS_INVALID_PARAMETER
            var sighting: Int?
            if let known, bindings[known].live, entryPoint < 6 {
                let address = drivers[bindings[known].driver].entries[Int(entryPoint)]
                expected = address == 0 ? NDIS_STATUS_NOT_SUPPORTED : NDIS_STATUS_SUCCESS
                if address != 0 { sighting = bindings[known].sighting }
            }
            let before = (0..<4).map { sightings[$0].calls }
            expect(
                NdisChimneyDispatch(registry, handle, entryPoint, list, code), expected,
                "dispatch \(entryPoint) to \(String(describing: handle))")
            let after = (0..<4).map { sightings[$0].calls }
            let calledNow = (0..<4).filter { after[$0] != before[$0] }
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
        default:  // a batch over known bindings
            let count = Int(reader.next() % 9)
            var queue: [Completion] = []
            var expected = 0
            for _ in 0..<count {
                guard let (handle, index) = pickBinding() else { break }
                let entryPoint = ULONG(reader.next() % 7)
                queue.append(
                    Completion(BindingHandle: handle, OffloadBlockList: list, EntryPoint: entryPoint, IndicationCode: 0)
                )
                if let index, bindings[index].live, entryPoint < 6,
                    drivers[bindings[index].driver].entries[Int(entryPoint)] != 0
                {
                    expected += 1
                }
            }
            let before = (0..<4).reduce(0) { $0 + sightings[$1].calls }
            let delivered = NdisChimneyDispatchBatch(registry, queue, ULONG(queue.count))
            let after = (0..<4).reduce(0) { $0 + sightings[$1].calls }
            if Int(delivered) != expected || after - before != expected {
                problems.append(
                    "batch of \(queue.count) delivered \(delivered), called \(after - before), expected \(expected)")
            }
        }
    }
    return problems
}
