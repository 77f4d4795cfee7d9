// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Postamt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "postamt", targets: ["postamt"]),
        .library(name: "SMTPCore", targets: ["SMTPCore"]),
        .library(name: "MailMessage", targets: ["MailMessage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Layer 1: pure protocol, no dependencies but a search for line endings in message
        // content (C, sixteen octets per compare).
        .target(name: "CLineEndings"),
        .target(name: "SMTPCore", dependencies: ["CLineEndings"]),
        // Pure message handling: trace headers, dates.
        .target(name: "MailMessage", dependencies: ["SMTPCore"]),
        // Plain-language explanations of SMTP replies (pure, English and German).
        .target(name: "Explain", dependencies: ["SMTPCore"]),
        // Delivery status notifications (RFC 3464/6522) a person can read (pure).
        .target(name: "Bounces", dependencies: ["SMTPCore", "MailMessage", "Explain"]),
        // The configuration file, environment and flags, with line numbers for errors.
        .target(name: "PostamtConfiguration", dependencies: ["SMTPCore"]),

        // Debian's libxcrypt: yescrypt password hashes in the /etc/shadow format.
        .systemLibrary(name: "CLibXCrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(name: "PasswordHashing", dependencies: ["CLibXCrypt"]),
        // Self-signed certificates for first runs and tests.
        .target(
            name: "TLSCertificates",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // A SQLite VFS that writes the frames of a write-ahead log transaction at once.
        .target(name: "CSQLiteBatchedWAL", linkerSettings: [.linkedLibrary("sqlite3")]),
        // SQLite's settings for the whole process; sqlite3_config is variadic, which Swift
        // does not import.
        .target(name: "CSQLiteSettings", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Thread affinity and the listeners' steering program: GNU and Linux interfaces
        // Swift's Glibc module does not expose.
        .target(name: "CCoreSteering"),
        // Spare spool segments written with direct I/O: O_DIRECT is a GNU extension Swift's
        // Glibc module does not expose.
        .target(name: "CZeroFill"),
        // Layer 3: the queue behind a storage protocol; SQLite by default.
        .target(
            name: "MailQueue",
            dependencies: [
                "SMTPCore", "CSQLiteBatchedWAL", "CSQLiteSettings", "CZeroFill",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own C API, for the commit hook that GRDB does not wrap and for
                // binding the per-message statements without copies.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Layer 3: the queue and users in PostgreSQL, shared by several nodes.
        .target(
            name: "PostgresQueue",
            dependencies: [
                "SMTPCore", "MailQueue",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Local delivery: Maildir and aliases.
        .target(name: "LocalDelivery", dependencies: ["SMTPCore", "MailMessage"]),

        // Layer 2: SwiftNIO glue that runs ServerSession on sockets.
        .target(
            name: "SMTPServer",
            dependencies: [
                "SMTPCore", "CCoreSteering",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),

        // Layer 2: SwiftNIO glue that runs ClientSession on sockets (delivery and tools).
        .target(
            name: "SMTPClient",
            dependencies: [
                "SMTPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // Debian's libunbound: a validating DNS resolver with an asynchronous API.
        .systemLibrary(name: "CLibUnbound", providers: [.apt(["libunbound-dev"])]),
        // DNS for routing: MX planning (pure) and a resolver on libunbound.
        .target(name: "DNS", dependencies: ["SMTPCore", "CLibUnbound"]),
        // Outbound delivery: route, connect, send, record, retry, bounce.
        .target(
            name: "Delivery",
            dependencies: [
                "SMTPCore", "MailQueue", "SMTPClient", "DNS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Diagnostics: probe a server's ports, TLS and login; say which setting works.
        .target(
            name: "Diagnostics",
            dependencies: [
                "SMTPCore", "SMTPClient", "Explain", "DNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),

        // What the server did lately, for the dashboard: events per minute and recent rejections.
        .target(name: "ServerActivity"),

        // Layer 4: the web admin, JSON API, Prometheus metrics and mail-client autoconfiguration.
        .target(
            name: "AdminWeb",
            dependencies: [
                "SMTPCore", "MailQueue", "Explain", "PasswordHashing", "ServerActivity", "MailMessage", "PostamtConfiguration", "LocalDelivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("Resources")]
        ),

        // Layer 4: the composition root.
        .target(
            name: "PostamtServer",
            dependencies: [
                "SMTPCore", "MailMessage", "PostamtConfiguration", "PasswordHashing", "TLSCertificates",
                "MailQueue", "LocalDelivery", "SMTPServer", "Delivery", "Bounces", "SMTPClient", "DNS",
                "AdminWeb", "ServerActivity", "PostgresQueue",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The `postamt` subcommands as a library, so the executable stays a one-liner.
        .target(
            name: "PostamtCLI",
            dependencies: [
                "SMTPCore", "Explain", "PostamtServer", "PostamtConfiguration", "PasswordHashing",
                "TLSCertificates", "MailQueue", "LocalDelivery", "Diagnostics", "MailMessage", "SMTPClient", "DNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "postamt",
            dependencies: ["PostamtCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // The server's allocator: tcmalloc (Debian's gperftools) frees across threads
            // without glibc's arena locks; see docs/ARCHITECTURE.md.
            linkerSettings: [.linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux]))]
        ),

        .testTarget(
            name: "SMTPCoreTests",
            dependencies: ["SMTPCore", "CLineEndings", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "MailMessageTests", dependencies: ["MailMessage", "SMTPCore"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "SMTPCore"]),
        .testTarget(name: "BouncesTests", dependencies: ["Bounces", "SMTPCore", "MailMessage", "Explain"]),
        .testTarget(name: "PostamtConfigurationTests", dependencies: ["PostamtConfiguration", "SMTPCore", "PostamtTestSupport"]),
        .testTarget(name: "PasswordHashingTests", dependencies: ["PasswordHashing"]),
        .testTarget(
            name: "TLSCertificatesTests",
            dependencies: [
                "TLSCertificates",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "MailQueueTests",
            dependencies: ["MailQueue", "SMTPCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "CSQLiteBatchedWALTests",
            dependencies: ["CSQLiteBatchedWAL", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        .testTarget(name: "LocalDeliveryTests", dependencies: ["LocalDelivery", "MailMessage", "SMTPCore"]),
        // A real SMTP client over sockets for the tests of the layers that listen.
        .target(
            name: "PostamtTestSupport",
            dependencies: [
                "SMTPCore", "SMTPServer", "TLSCertificates",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "SMTPServerTests",
            dependencies: [
                "SMTPServer", "SMTPCore", "TLSCertificates", "PostamtTestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "PostamtServerTests",
            dependencies: [
                "PostamtServer", "PostamtConfiguration", "SMTPCore", "MailQueue", "PasswordHashing", "TLSCertificates",
                "PostamtTestSupport", "SMTPServer", "Bounces", "DNS", "Delivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Admin/Browser"]
        ),
        .testTarget(
            name: "SMTPClientTests",
            dependencies: [
                "SMTPClient", "SMTPServer", "SMTPCore", "TLSCertificates", "PostamtTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "MailQueue", "SMTPClient", "SMTPCore", "PostamtTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "SMTPCore", "SMTPClient", "DNS", "PostamtTestSupport"]),
        .testTarget(name: "ServerActivityTests", dependencies: ["ServerActivity"]),
        .testTarget(
            name: "PostgresQueueTests",
            dependencies: [
                "PostgresQueue", "MailQueue", "SMTPCore", "PostamtTestSupport", "TLSCertificates",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "AdminWebTests", dependencies: ["AdminWeb", "ServerActivity", "MailQueue", "SMTPCore", "PostamtConfiguration"], exclude: ["Golden"]
        ),
        .testTarget(name: "DNSTests", dependencies: ["DNS", "SMTPCore", "PostamtTestSupport"]),
        .testTarget(name: "PostamtCLITests", dependencies: ["CZeroFill", "PostamtCLI", "PostamtConfiguration", "PostamtTestSupport", "SMTPCore"], exclude: ["Cluster/cluster_load.py"]),
    ],
    swiftLanguageModes: [.v6]
)
