// swift-tools-version:6.1
// Micro-benchmarks of Postamt's hot paths, apart from the main package so that its build
// and CI need none of ordo-one/benchmark's dependencies. Run: `cd Benchmarks && swift package benchmark`.
import PackageDescription

let package = Package(
    name: "PostamtBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Postamt", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SMTPCoreBenchmarks",
            dependencies: [
                .product(name: "SMTPCore", package: "Postamt"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SMTPCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MailMessageBenchmarks",
            dependencies: [
                .product(name: "MailMessage", package: "Postamt"),
                .product(name: "SMTPCore", package: "Postamt"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MailMessageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
