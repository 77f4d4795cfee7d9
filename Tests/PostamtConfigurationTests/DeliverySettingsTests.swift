import SMTPCore
import Testing

@testable import PostamtConfiguration

@Suite("[delivery] and [dns]")
struct DeliverySettingsTests {
    @Test("without the tables the defaults apply")
    func defaults() throws {
        let configuration = try #require(loaded(nil))
        #expect(configuration.delivery == DeliverySettings())
        #expect(configuration.delivery.concurrency == 20)
        #expect(configuration.delivery.destinationConcurrency == 10)
        #expect(configuration.delivery.messagesPerConnection == 100)
        #expect(configuration.delivery.messagesInFlight == 4)
        #expect(configuration.delivery.chunking)
        #expect(configuration.delivery.connectionIdleTime == .seconds(5))
        #expect(configuration.delivery.bounceLanguage == .english)
        #expect(configuration.dns.servers.isEmpty)
        #expect(configuration.dns.timeout == .seconds(30))
    }

    @Test("every key arrives in the model")
    func complete() throws {
        let configuration = try #require(loaded("""
            [delivery]
            concurrency = 50
            destination_concurrency = 5
            messages_per_connection = 1
            messages_in_flight = 8
            chunking = false
            connection_idle_time = "2m"
            connect_timeout = 10
            bounce_language = "DE"
            keep_finished = "7d"

            [dns]
            servers = ["127.0.0.1:5353", "192.0.2.53", "[2001:db8::53]:53", "[::1]"]
            timeout = "5s"
            """))
        #expect(configuration.delivery == DeliverySettings(
            concurrency: 50, destinationConcurrency: 5, messagesPerConnection: 1, messagesInFlight: 8, chunking: false,
            connectionIdleTime: .seconds(120), connectTimeout: .seconds(10), bounceLanguage: .german, keepFinished: .seconds(7 * 86400)
        ))
        #expect(configuration.dns.servers == [
            .init(address: "127.0.0.1", port: 5353), .init(address: "192.0.2.53", port: 53),
            .init(address: "2001:db8::53", port: 53), .init(address: "::1", port: 53),
        ])
        #expect(configuration.dns.servers.map(\.description) == ["127.0.0.1:5353", "192.0.2.53:53", "[2001:db8::53]:53", "[::1]:53"])
        #expect(configuration.dns.timeout == .seconds(5))
    }

    static let invalid: [InvalidCase] = [
        .init("[delivery]\nconcurrency = 0", line: 2, key: "delivery.concurrency", "must be at least 1"),
        .init("[delivery]\ndestination_concurrency = \"many\"", line: 2, key: "delivery.destination_concurrency", "must be a whole number"),
        .init("[delivery]\nconcurrency = 4\ndestination_concurrency = 8", line: 3, key: "delivery.destination_concurrency", "8 is more than delivery.concurrency (4)"),
        .init("[delivery]\nmessages_per_connection = -1", line: 2, key: "delivery.messages_per_connection", "must be at least 1"),
        .init("[delivery]\nmessages_in_flight = 0", line: 2, key: "delivery.messages_in_flight", "must be at least 1"),
        .init("[delivery]\nchunking = \"yes\"", line: 2, key: "delivery.chunking", "must be true or false"),
        .init("[delivery]\nconnection_idle_time = \"soon\"", line: 2, key: "delivery.connection_idle_time", "is not a duration"),
        .init("[delivery]\nbounce_language = \"fr\"", line: 2, key: "delivery.bounce_language", "unknown language 'fr'"),
        .init("[delivery]\nconcurency = 3", line: 2, key: "delivery.concurency", "(did you mean 'concurrency'?)"),
        .init("[dns]\nservers = [\"ns1.example.net\"]", line: 2, key: "dns.servers", "'ns1.example.net' is not an IP address"),
        .init("[dns]\nservers = [\"::1\"]", line: 2, key: "dns.servers", "put an IPv6 address in brackets"),
        .init("[dns]\nservers = [\"127.0.0.1:99999\"]", line: 2, key: "dns.servers", "is not a port"),
        .init("[dns]\nservers = [\"127.0.0.1:0\"]", line: 2, key: "dns.servers", "port 0"),
        .init("[dns]\ntimeout = 0", line: 2, key: "dns.timeout", "must be longer than 0 seconds"),
    ]

    @Test("each wrong value is one error with its line, key and reason", arguments: invalid)
    func invalidValue(_ invalid: InvalidCase) {
        expectSingleError(invalid)
    }
}
