import Benchmark
import DispatchFixture
import NdisChimney

/// Wall time and mallocs per path, C baselines beside the Swift paths in the
/// same run. Each iteration is 1,000 dispatches (or 1,000 completions).
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
        Benchmark("C entry point, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.cEntryPoint(.queryOffloadComplete, perIteration))
            }
        }
        Benchmark("C guarded, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.cGuarded(.queryOffloadComplete, perIteration)) }
        }
        Benchmark("C entry point batch of 64, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.cEntryPointBatch(perIteration / 64)) }
        }
        Benchmark("C guarded batch of 64, \(bindings) binding(s)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.cGuardedBatch(perIteration / 64)) }
        }
    }
    // The control path after creation, 1,000 cycles of set handlers, open
    // and close per iteration: its mallocs column must read 0.
    let fixture = DispatchFixture(bindings: 1)
    Benchmark("C control cycle") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(fixture.cControlCycle(perIteration)) }
    }
}
