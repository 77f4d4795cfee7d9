// swift-tools-version:6.1
// The bare acceptor: the reference for what SwiftNIO and this machine's disk allow, run by
// `scripts/bench --bare` beside Postamt, Postfix and smtp-sink. A package of its own, so that
// neither Postamt's build nor its CI compiles it.
import PackageDescription

let package = Package(
    name: "BareAcceptor",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "bare-acceptor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
    ]
)
