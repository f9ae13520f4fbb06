// swift-tools-version: 6.1
// Micro benchmarks for PIIMaskCore (package-benchmark), kept in their own package so that
// package-benchmark and its allocator hooks stay out of the tool's own build and tests.
//
//   cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
//
// The root package is a path dependency; its identity would be the name of the folder it is cloned
// into, so it is named explicitly and its products are referred to with `package: "piimask"`.
import PackageDescription

let package = Package(
    name: "PIIMaskBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "piimask", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.29.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PIIMaskBenchmarks",
            dependencies: [
                .product(name: "PIIMaskCore", package: "piimask"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/PIIMaskBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "package-benchmark"),
            ]
        ),
    ]
)
