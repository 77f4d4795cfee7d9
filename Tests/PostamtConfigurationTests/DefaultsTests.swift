import SMTPCore
import Testing

@testable import PostamtConfiguration

@Suite("Defaults: no file at all runs a working, closed server")
struct DefaultsTests {
    @Test("without file, environment or flags the defaults apply")
    func noFile() {
        #expect(loaded(nil) == testDefaults)
        #expect(loaded("") == testDefaults)
        #expect(loaded("# only a comment\n") == testDefaults)
    }

    @Test("the documented default values")
    func values() {
        let defaults = testDefaults
        #expect(defaults.hostname == "mx.test")
        #expect(defaults.dataDirectory == "./postamt-data")
        #expect(defaults.localDomains == ["localhost"])
        #expect(defaults.trustedNetworks == [], "an empty list: a new server must never be an open relay")
        #expect(defaults.listeners.map(\.description) == ["mx 127.0.0.1:2525", "submission 127.0.0.1:5587", "submissions 127.0.0.1:5465"])
        #expect(defaults.tls == nil)
        #expect(defaults.tlsDirectory == "./postamt-data/tls")
        #expect(defaults.aliases == [:])
        #expect(defaults.submissionSenderPolicy == .ownAddressesOnly)
        #expect(defaults.transports == [])
        #expect(defaults.logLevel == .info)
        #expect(defaults.cpuScheduling == .batch)
        #expect(defaults.listenerSteering == .core)
    }

    @Test("limits follow RFC 5321 §4.5.3")
    func limits() {
        let limits = Limits()
        #expect(limits.maximumMessageSize == 25 * 1024 * 1024)
        #expect(limits.maximumRecipients == 100)
        #expect(limits.maximumConnections == 1000)
        #expect(limits.maximumConnectionsPerClient == 20)
        #expect(limits.maximumErrors == 20)
        #expect(limits.commandTimeout == .seconds(300))
        #expect(limits.dataTimeout == .seconds(600))
        #expect(limits.authenticationFailuresBeforeDelay == 3)
        #expect(limits.authenticationFailureLimit == 10)
        #expect(limits.authenticationFailureWindow == .seconds(900))
        #expect(limits.queueCapacity == 100_000)
        #expect(limits.minimumFreeDiskSpace == 100 * 1024 * 1024)
    }

    @Test("retries follow RFC 5321 §4.5.4.1: from 5 minutes, doubling to an hour, for 5 days")
    func retry() {
        let retry = RetrySchedule()
        #expect(retry.firstInterval == .seconds(300))
        #expect(retry.backoffMultiplier == 2)
        #expect(retry.maximumInterval == .seconds(3600))
        #expect(retry.lifetime == .seconds(5 * 86400))
        #expect(retry.delayNotice == .seconds(4 * 3600))
    }

    @Test("the wait doubles after each failure up to the maximum", arguments: [
        (1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (6, 60), (100, 60), (0, 5),
    ])
    func retryIntervals(failures: Int, minutes: Int64) {
        #expect(RetrySchedule().interval(afterFailures: failures) == .seconds(minutes * 60))
    }

    @Test("the system host name is a valid domain")
    func systemHostname() {
        let name = PostamtConfiguration.systemHostname()
        #expect(!name.isEmpty)
        #expect(DomainName.isValid(name))
    }

    @Test("transports are chosen by exact domain, then '*', else MX delivery")
    func transportLookup() {
        var configuration = testDefaults
        #expect(configuration.transport(forDomain: "example.net") == nil)
        let special = Transport(domain: "example.net", host: "relay.example", port: 25, tls: .opportunistic)
        let everything = Transport(domain: "*", host: "smarthost.example", port: 587)
        configuration.transports = [everything, special]
        #expect(configuration.transport(forDomain: "Example.NET.") == special)
        #expect(configuration.transport(forDomain: "example.org") == everything)
    }

    @Test("listeners by role and IPv6 addresses in brackets")
    func listeners() {
        var configuration = testDefaults
        configuration.listeners = [
            Listener(role: .mx, host: "::", port: 25),
            Listener(role: .mx, host: "0.0.0.0", port: 25),
            Listener(role: .submission, host: "::1", port: 587),
        ]
        #expect(configuration.listeners(.mx).map(\.address) == ["[::]:25", "0.0.0.0:25"])
        #expect(configuration.listeners(.submissions) == [])
        #expect(configuration.listeners[2].description == "submission [::1]:587")
    }

    @Test("log levels are ordered like swift-log's")
    func logLevels() {
        #expect(LogLevel.allCases.map(\.rawValue) == ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        #expect(LogLevel.debug < .info)
    }
}
