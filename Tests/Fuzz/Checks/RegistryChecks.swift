import NdisChimney

/// Drives the registry's C entry points with a call sequence decoded from
/// fuzzer bytes and checks every status and every delivery against a plain
/// model of NDIS's rules. Returns what disagreed; empty when all is well.
///
/// The byte language: two capacities (byte 0: protocol drivers, mod 4, plus
/// 1, and miniport drivers, its value divided by 4, mod 3; byte 1: bindings,
/// mod 8, plus 1, and adapters, its value divided by 8, mod 4), then
/// operations, each a byte (mod 22) and its operands: 0 register, 1
/// deregister, 2 NdisSetOptionalHandlers with a fuzzed header and entry
/// points, 3 open, 4 close, 5 and 6 dispatch, 7 batch, 8 a registry argument
/// that is not the registry (swapped, forged, NULL), 9 refused calls in a
/// loop, 10 a handler that calls back into the registry (closes its own
/// binding, destroys its registry, deregisters its driver, or closes another
/// binding); the offload target's side: 11 register and 12 deregister a
/// miniport driver, 13 NdisSetOptionalHandlers from a miniport (or protocol)
/// driver with any of the four structures, 14 add and 15 remove an adapter,
/// 16 open a binding on an adapter; the loop: 17 a request (the fake target
/// holds it, completes it once or twice at once, corrupts its SourceHandle
/// first, or completes it on another adapter), 18 a held request completed
/// (SourceHandle and adapter as they are or altered, any routine, perhaps
/// held again), 19 an event indication; 20 an adapter's counts; 21 the
/// offload hook set or taken away.
public func checkRegistrySequence(_ input: UnsafeRawBufferPointer) -> [String] {
    var reader = ByteReader(bytes: input)
    let first = reader.next()
    let second = reader.next()
    guard
        var sequence = RegistrySequence(
            reader: reader, drivers: Int(first % 4) + 1, bindings: Int(second % 8) + 1,
            miniportDrivers: Int(first / 4 % 3), adapters: Int(second / 8 % 4))
    else {
        return ["could not create a registry for the capacities \(first), \(second)"]
    }
    defer { sequence.tearDown() }
    while !sequence.reader.isAtEnd && sequence.problems.isEmpty {
        switch sequence.reader.next() % 22 {
        case 0: sequence.register()
        case 1: sequence.deregister()
        case 2: sequence.setOptionalHandlers()
        case 3: sequence.open()
        case 4: sequence.close()
        case 5, 6: sequence.dispatch()
        case 7: sequence.batch()
        case 8: sequence.misuseRegistry()
        case 9: sequence.refuseRepeatedly()
        case 10: sequence.callBackFromHandler()
        case 11: sequence.registerMiniport()
        case 12: sequence.deregisterMiniport()
        case 13: sequence.installProvider()
        case 14: sequence.addAdapter()
        case 15: sequence.removeAdapter()
        case 16: sequence.openAdapterBinding()
        case 17: sequence.request()
        case 18: sequence.completeHeld()
        case 19: sequence.indicate()
        case 20: sequence.queryCounts()
        default: sequence.setHook()
        }
    }
    return sequence.problems
}
