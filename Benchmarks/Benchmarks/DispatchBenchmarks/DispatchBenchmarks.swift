import Benchmark
import DispatchFixture
import NdisChimney

/// Wall time and mallocs per path, C baselines beside the Swift paths in the
/// same run. Each iteration is 1,000 dispatches (or 1,000 completions, or
/// 1,000 offload requests, or 1,000 round trips: a request whose offload
/// target completes it at once, on the same thread). The library's C entry
/// points are measured from C, against the library C users install (`make
/// bench-instructions`, Benchmarks/C/bench.c).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let perIteration = 1_000
    for bindings in [1, 4096] {
        let fixture = DispatchFixture(bindings: bindings)
        Benchmark("C floor, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { fixture.floor(perIteration) }
        }
        Benchmark("C table, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { fixture.cTable(.queryOffloadComplete, perIteration) }
        }
        Benchmark("Swift dispatch, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.swiftSingle(.queryOffloadComplete, perIteration))
            }
        }
        Benchmark("Swift batch of 64, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.swiftBatch(perIteration / 64)) }
        }
        Benchmark("C guarded, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.cGuarded(.queryOffloadComplete, perIteration)) }
        }
        Benchmark("C guarded batch of 64, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.cGuardedBatch(perIteration / 64)) }
        }
        // Requests to a target that counts them (they stay outstanding), and
        // round trips.
        let requests = OffloadFixture(bindings: bindings, roundTrip: false)
        let roundTrips = OffloadFixture(bindings: bindings, roundTrip: true)
        Benchmark("Swift offload request, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { requests.swiftRequests(perIteration) }
        }
        Benchmark("C guarded offload request, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { requests.cGuardedRequests(perIteration) }
        }
        Benchmark("Swift offload round trip, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { roundTrips.swiftRequests(perIteration) }
        }
        Benchmark("C guarded offload round trip, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { roundTrips.cGuardedRequests(perIteration) }
        }
    }
}
