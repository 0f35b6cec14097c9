import Benchmark
import DispatchFixture
import NdisChimney

/// Wall time and mallocs per path, C baselines beside the Swift paths in the
/// same run. Each iteration is 1,000 dispatches (or 1,000 completions). The
/// library's C entry points are measured from C, against the library C
/// users install (`make bench-instructions`, Benchmarks/C/bench.c).
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
    }
}
