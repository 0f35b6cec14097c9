// Runs one Swift dispatch path a given number of times, for callgrind:
//
//   dispatch-instructions PATH DISPATCHES BINDINGS ENTRYPOINT
//
// PATH is swift (ProtocolRegistry.dispatch from another module, through the
// @inlinable API), swift-batch (dispatch(batch:) over a 64-entry queue in an
// unsafe buffer), swift-batch-span (the same queue in an Array, as a Span) or
// swift-batch-skips (dispatch(batch:skipped:) over that Span);
// or, for the offload loop (OffloadFixture), swift-request
// (ProtocolRegistry.request of a query, to a target that counts it),
// swift-round-trip (the same, to a target that completes it at once through
// ProtocolRegistry.complete) or swift-completion (the requests made first,
// each on a block list of its own, then one ProtocolRegistry.complete of
// each in `swiftCompletions`, which bench-instructions.sh alone counts).
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
    print(
        "usage: dispatch-instructions swift|swift-batch[-span|-skips]|swift-request|swift-completion"
            + "|swift-round-trip CALLS BINDINGS ENTRYPOINT")
    exit(2)
}

/// Runs an offload path `calls` times and checks that every request reached
/// the target's handler and every completion (none for requests alone) the
/// protocol's, once, with nothing refused; exits 1 otherwise.
func offload(_ path: String, calls: Int, bindings: Int) -> Never {
    let fixture = OffloadFixture(bindings: bindings, roundTrip: path == "swift-round-trip")
    var taken = true
    switch path {
    case "swift-request", "swift-round-trip":
        fixture.swiftRequests(calls)
        taken = path == "swift-request" || fixture.list.pointee.SourceHandle == nil
    case "swift-completion":
        let lists = fixture.swiftRequests(eachOnItsOwn: calls)
        fixture.swiftCompletions(lists, calls)
        taken = (0..<calls).allSatisfy { lists[$0].SourceHandle == nil }
    default:
        print("unknown path \(path)")
        exit(2)
    }
    let completions = path == "swift-request" ? 0 : UInt(calls)
    let counts = try! fixture.registry.counts(of: fixture.adapter)
    guard fixture.target.pointee.requests == UInt(calls), fixture.counter.pointee == completions, taken,
        counts.refusedCompletions == 0, counts.failedRequests == 0
    else {
        print(
            "\(path): \(fixture.target.pointee.requests) requests, \(fixture.counter.pointee) completions, "
                + "\(counts), expected \(calls)")
        exit(1)
    }
    exit(0)
}
if ["swift-request", "swift-completion", "swift-round-trip"].contains(arguments[1]) {
    offload(arguments[1], calls: dispatches, bindings: bindings)
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
