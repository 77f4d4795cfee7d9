@testable import PostamtConfiguration

extension SourcePrecedenceTests {
    /// The relay, the routes and the retry durations: file, environment and flag values.
    static let routeAndRetryCases: [Case] = [
        Case(setting: .relayHost, file: relay(), values: ("file.example:587", "env.example:2525", "[2001:db8::1]:25")) {
            $0.transport(forDomain: "anywhere.example")?.address ?? "none"
        },
        Case(setting: .relayTLS, file: relay("tls = \"opportunistic\""), values: ("opportunistic", "none", "implicit")) {
            $0.transport(forDomain: "anywhere.example")?.tls.rawValue ?? "none"
        },
        Case(setting: .relayUsername, file: relay("username = \"file\"\npassword_file = \"/p\""), values: ("file", "env", "flag")) {
            $0.transport(forDomain: "anywhere.example")?.credentials?.username ?? "none"
        },
        Case(setting: .relayPasswordFile, file: relay("username = \"u\"\npassword_file = \"/file\""), values: ("/file", "/env", "/flag")) {
            $0.transport(forDomain: "anywhere.example")?.credentials?.passwordFile ?? "none"
        },
        Case(
            setting: .transports, file: "[[transport]]\ndomain = \"example.org\"\naddress = \"file.example\"",
            values: ("example.org=file.example:25", "example.org=env.example:25", "example.net=flag.example:465")
        ) {
            $0.transports.map { "\($0.domain)=\($0.address)" }.joined(separator: ",")
        },
        Case(setting: .retryFirstInterval, file: "[retry]\nfirst_interval = \"1m\"", values: ("1m", "2m", "90s")) {
            DurationText.format($0.retry.firstInterval)
        },
        Case(setting: .retryMaximumInterval, file: "[retry]\nmax_interval = \"2h\"", values: ("2h", "3h", "4h")) {
            DurationText.format($0.retry.maximumInterval)
        },
        Case(setting: .retryLifetime, file: "[retry]\nlifetime = \"3d\"", values: ("3d", "2d", "1d")) {
            DurationText.format($0.retry.lifetime)
        },
        Case(setting: .retryDelayNotice, file: "[retry]\ndelay_notice = \"2h\"", values: ("2h", "off", "1h")) {
            $0.retry.delayNotice.map(DurationText.format) ?? "off"
        },
    ]

    /// A file whose `*` transport goes to file.example:587, with `extra` lines in its table.
    static func relay(_ extra: String = "") -> String {
        "[[transport]]\ndomain = \"*\"\naddress = \"file.example:587\"\n" + extra
    }
}
