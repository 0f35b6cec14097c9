import NdisChimney

/// Drives the registry's C entry points with a call sequence decoded from
/// fuzzer bytes and checks every status and every delivery against a plain
/// model of NDIS's rules. Returns what disagreed; empty when all is well.
///
/// The byte language: two capacities, then operations, each a byte (mod 11)
/// and its operands: 0 register, 1 deregister, 2 NdisSetOptionalHandlers
/// with a fuzzed header and entry points, 3 open, 4 close, 5 and 6
/// dispatch, 7 batch, 8 a registry argument that is not the registry
/// (swapped, forged, NULL), 9 refused calls in a loop, 10 a handler that
/// calls back into the registry (closes its own binding, destroys its
/// registry, deregisters its driver, or closes another binding).
public func checkRegistrySequence(_ input: UnsafeRawBufferPointer) -> [String] {
    var reader = ByteReader(bytes: input)
    let driverCapacity = Int(reader.next() % 4) + 1
    let bindingCapacity = Int(reader.next() % 8) + 1
    guard var sequence = RegistrySequence(reader: reader, drivers: driverCapacity, bindings: bindingCapacity) else {
        return ["could not create a registry of \(driverCapacity) drivers and \(bindingCapacity) bindings"]
    }
    defer { sequence.tearDown() }
    while !sequence.reader.isAtEnd && sequence.problems.isEmpty {
        switch sequence.reader.next() % 11 {
        case 0: sequence.register()
        case 1: sequence.deregister()
        case 2: sequence.setOptionalHandlers()
        case 3: sequence.open()
        case 4: sequence.close()
        case 5, 6: sequence.dispatch()
        case 7: sequence.batch()
        case 8: sequence.misuseRegistry()
        case 9: sequence.refuseRepeatedly()
        default: sequence.callBackFromHandler()
        }
    }
    return sequence.problems
}
