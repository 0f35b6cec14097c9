// Runs one dispatch path a given number of times, for callgrind:
//
//   dispatch-instructions PATH DISPATCHES BINDINGS ENTRYPOINT
//
// PATH is c-floor, c-table, c-guarded, c-guarded-batch, swift, swift-batch,
// c-entry-point, c-entry-point-batch or c-control (a control-path cycle:
// NdisSetOptionalHandlers + NdisChimneyOpenBinding + NdisChimneyCloseBinding,
// counted per cycle, not per dispatch). The
// Makefile runs each twice (N and 2N dispatches) and divides the difference
// by N, so set-up and exit cost cancel out. The entry point comes from the
// command line so that no compiler can fold it into the loop.
import DispatchFixture
import NdisChimney

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5, let dispatches = Int(arguments[2]), let bindings = Int(arguments[3]),
    let rawEntryPoint = Int(arguments[4]), let entryPoint = EntryPoint(rawValue: rawEntryPoint)
else {
    print("usage: dispatch-instructions PATH DISPATCHES BINDINGS ENTRYPOINT (see the source for the paths)")
    exit(2)
}
let batchSize = 64
let fixture = DispatchFixture(bindings: bindings, batchSize: batchSize, entryPoint: entryPoint)
let delivered: Int
switch arguments[1] {
case "c-floor":
    fixture.floor(dispatches)
    delivered = dispatches
case "c-table":
    fixture.cTable(entryPoint, dispatches)
    delivered = dispatches
case "swift":
    delivered = fixture.swiftSingle(entryPoint, dispatches)
case "swift-batch":
    delivered = fixture.swiftBatch(dispatches / batchSize)
case "c-entry-point":
    delivered = fixture.cEntryPoint(entryPoint, dispatches)
case "c-guarded":
    delivered = fixture.cGuarded(entryPoint, dispatches)
case "c-entry-point-batch":
    delivered = fixture.cEntryPointBatch(dispatches / batchSize)
case "c-guarded-batch":
    delivered = fixture.cGuardedBatch(dispatches / batchSize)
case "c-control":
    // Each cycle delivers nothing: count cycles, and let the check below see
    // the counter untouched.
    guard fixture.cControlCycle(dispatches) == dispatches, fixture.counter.pointee == 0 else {
        print("c-control: a control-path cycle failed")
        exit(1)
    }
    exit(0)
default:
    print("unknown path \(arguments[1])")
    exit(2)
}
// Every path must have delivered every dispatch to the counting handler.
guard delivered == dispatches, fixture.counter.pointee == UInt(dispatches) else {
    print("\(arguments[1]): delivered \(delivered), counted \(fixture.counter.pointee), expected \(dispatches)")
    exit(1)
}
