// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Postamt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "postamt", targets: ["postamt"]),
        .library(name: "SMTPCore", targets: ["SMTPCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure protocol layer: no sockets, no clocks, no dependencies.
        .target(name: "SMTPCore"),
        // Plain-language explanations of SMTP replies (pure, English and German).
        .target(name: "Explain", dependencies: ["SMTPCore"]),
        // The `postamt` subcommands as a library, so the executable stays a one-liner.
        .target(
            name: "PostamtCLI",
            dependencies: [
                "SMTPCore",
                "Explain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "postamt", dependencies: ["PostamtCLI"]),

        .testTarget(
            name: "SMTPCoreTests",
            dependencies: [
                "SMTPCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "SMTPCore"]),
        .testTarget(name: "PostamtCLITests", dependencies: ["PostamtCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
