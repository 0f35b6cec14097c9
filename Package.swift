// swift-tools-version:6.1
//
// NdisChimney: the NDIS generic chimney offload characteristics, laid out as
// Windows lays them out, with a Swift overlay and the `ndis-chimney` tool.
import PackageDescription

let package = Package(
    name: "NdisChimney",
    products: [
        // For Swift users. C users get the same module compiled as Embedded
        // Swift into libndischimney by `make` (Makefile, Linker/).
        .library(name: "NdisChimney", targets: ["NdisChimney"]),
        .executable(name: "ndis-chimney", targets: ["ndis-chimney"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // The C declarations. Rooted at the package root so that the public
        // headers are the top-level Include/ that `make install` copies.
        .target(
            name: "CNdisChimney",
            path: ".",
            sources: ["Sources/CNdisChimney"],
            publicHeadersPath: "Include"
        ),
        // libc, as the module reaches it in both of its builds (SwiftPM's
        // and the Embedded Swift one that makes libndischimney).
        .target(name: "CNdisChimneyPlatform"),
        .target(
            name: "NdisChimney",
            dependencies: ["CNdisChimney", "CNdisChimneyPlatform"]
        ),
        .executableTarget(
            name: "ndis-chimney",
            dependencies: [
                "NdisChimney",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "NdisChimneyTests",
            // The tool is a dependency so that its tests can run the binary;
            // the fuzz checks, so that the corpus replays as regression tests.
            dependencies: ["NdisChimney", "ndis-chimney", "NdisChimneyFuzzing"]
        ),

        // Fuzzing (`make fuzz`): the checks, a C driver that hands over to
        // libFuzzer or replays files, and one thin executable per target.
        .target(
            name: "NdisChimneyFuzzing",
            dependencies: ["NdisChimney"],
            path: "Tests/Fuzz/Checks"
        ),
        .target(name: "FuzzDriver", path: "Tests/Fuzz/Driver"),
        .executableTarget(
            name: "fuzz-image",
            dependencies: ["NdisChimneyFuzzing", "FuzzDriver"],
            path: "Tests/Fuzz/Targets/fuzz-image"
        ),
        .executableTarget(
            name: "fuzz-registry",
            dependencies: ["NdisChimneyFuzzing", "FuzzDriver"],
            path: "Tests/Fuzz/Targets/fuzz-registry"
        ),
    ],
    swiftLanguageModes: [.v6]
)
