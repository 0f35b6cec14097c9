// swift-tools-version:6.1
//
// Benchmarks for NdisChimney's dispatcher, in their own package so that the
// library itself never depends on the benchmark harness.
//
//   swift package --disable-sandbox benchmark      wall time and mallocs
//   make bench-instructions (from the root)          callgrind instructions
import PackageDescription

let package = Package(
    name: "NdisChimneyBenchmarks",
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder name.
        .package(name: "NdisChimney", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The C baselines (also compiled into Benchmarks/C/bench.c, which
        // measures the installed library's C entry points beside them). The
        // handler lives in its own file so that no baseline can inline it.
        .target(
            name: "CBaseline",
            dependencies: [.product(name: "NdisChimney", package: "NdisChimney")]
        ),
        // One registry, its open bindings and the matching C table, shared by
        // both executables below.
        .target(
            name: "DispatchFixture",
            dependencies: ["CBaseline", .product(name: "NdisChimney", package: "NdisChimney")]
        ),
        // Runs one Swift dispatch path N times; `make bench-instructions`
        // counts its instructions under callgrind.
        .executableTarget(
            name: "dispatch-instructions",
            dependencies: ["DispatchFixture"]
        ),
        // Runs the Swift validation path N times; also counted under
        // callgrind by `make bench-instructions`, beside Benchmarks/C.
        .executableTarget(
            name: "validation-instructions",
            dependencies: [.product(name: "NdisChimney", package: "NdisChimney")]
        ),
        .executableTarget(
            name: "DispatchBenchmarks",
            dependencies: [
                "DispatchFixture",
                .product(name: "NdisChimney", package: "NdisChimney"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DispatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
