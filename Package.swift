// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "piimask",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "piimask", targets: ["piimask"]),
        .library(name: "PIIMaskCore", targets: ["PIIMaskCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `piimask lambda`: a small HTTP/1.1 client for the Lambda Runtime API (NIOPosix + NIOHTTP1).
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        // `--cloudwatch-logs`: gunzip of CloudWatch Logs subscription records (zlib).
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // The Lambda loop tunes glibc's malloc (mallopt, from <malloc.h>; Linux only).
        .systemLibrary(name: "CMalloc"),
        // The JSON loop's byte classifier (AVX2, where the processor has it).
        .target(name: "CByteClass"),
        .target(
            name: "PIIMaskCore",
            dependencies: [
                "CPCRE2",
                "CByteClass",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "piimask",
            dependencies: [
                "PIIMaskCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // libFuzzer targets over the scanners (`make fuzz`); built plainly, a replayer of saved inputs.
        .systemLibrary(name: "CFuzzerDriver"),
        .executableTarget(
            name: "piimask-fuzz",
            dependencies: ["PIIMaskCore", "CFuzzerDriver"],
            exclude: ["dictionaries"]
        ),
        .testTarget(
            name: "PIIMaskCoreTests",
            dependencies: [
                "PIIMaskCore",
                "CByteClass",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "piimaskTests",
            dependencies: ["PIIMaskCore"]
        ),
    ]
)
