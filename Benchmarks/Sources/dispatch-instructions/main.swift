// Runs one Swift dispatch path a given number of times, for callgrind:
//
//   dispatch-instructions PATH DISPATCHES BINDINGS ENTRYPOINT
//
// PATH is swift (ProtocolRegistry.dispatch from another module, through the
// @inlinable API), swift-batch (dispatch(batch:) over a 64-entry queue in an
// unsafe buffer), swift-batch-span (the same queue in an Array, as a Span) or
// swift-batch-skips (dispatch(batch:skipped:) over that Span).
// bench-instructions.sh runs each twice (N and 2N dispatches) and divides
// the difference by N, so set-up and exit cost cancel out, beside the C
// paths of Benchmarks/C/bench.c in the same run. The entry point comes from
// the command line so that no compiler can fold it into the loop.
import DispatchFixture
import NdisChimney

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5, let dispatches = Int(arguments[2]), let bindings = Int(arguments[3]),
    let rawEntryPoint = Int(arguments[4]), let entryPoint = EntryPoint(rawValue: rawEntryPoint)
else {
    print("usage: dispatch-instructions swift|swift-batch[-span|-skips] DISPATCHES BINDINGS ENTRYPOINT")
    exit(2)
}
let batchSize = 64
let fixture = DispatchFixture(bindings: bindings, batchSize: batchSize, entryPoint: entryPoint)
let delivered: Int
switch arguments[1] {
case "swift":
    delivered = fixture.swiftSingle(entryPoint, dispatches)
case "swift-batch":
    delivered = fixture.swiftBatch(dispatches / batchSize)
case "swift-batch-span":
    delivered = fixture.swiftBatchSpan(dispatches / batchSize)
case "swift-batch-skips":
    delivered = fixture.swiftBatchSkips(dispatches / batchSize)
default:
    print("unknown path \(arguments[1])")
    exit(2)
}
// Every dispatch must have been delivered to the counting handler.
guard delivered == dispatches, fixture.counter.pointee == UInt(dispatches) else {
    print("\(arguments[1]): delivered \(delivered), counted \(fixture.counter.pointee), expected \(dispatches)")
    exit(1)
}
