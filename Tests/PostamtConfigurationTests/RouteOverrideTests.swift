import Testing

@testable import PostamtConfiguration

@Suite("The relay and routes from the environment and flags")
struct RouteOverrideTests {
    /// A file with a relay that has a login, and a route for one domain.
    static let file = """
        [[transport]]
        domain = "*"
        address = "old.example"
        tls = "implicit"
        username = "old-user"
        password_file = "/etc/postamt/old.password"
        [[transport]]
        domain = "example.org"
        address = "route.example"
        """

    @Test("a relay host replaces the file's relay as a whole: its login is not sent to the new host")
    func hostReplacesRelay() throws {
        let configuration = try #require(loaded(Self.file, environment: ["POSTAMT_RELAY_HOST": "new.example:587"]))
        #expect(configuration.transports == [
            Transport(domain: "*", host: "new.example", port: 587, tls: .required),
            Transport(domain: "example.org", host: "route.example", port: 25, tls: .required),
        ])
    }

    @Test("without a port the relay's TLS mode decides it, as in the file")
    func defaultPorts() throws {
        let plain = try #require(loaded(nil, flags: ConfigurationOverrides(relayHost: "relay.example")))
        #expect(plain.transports == [Transport(domain: "*", host: "relay.example", port: 25, tls: .required)])
        let implicit = try #require(loaded(nil, environment: ["POSTAMT_RELAY_HOST": "relay.example", "POSTAMT_RELAY_TLS": "implicit"]))
        #expect(implicit.transports == [Transport(domain: "*", host: "relay.example", port: 465, tls: .implicit)])
    }

    @Test("without a host, the TLS mode and login change the file's relay, e.g. a password from a container secret")
    func partsChangeFileRelay() throws {
        let environment = ["POSTAMT_RELAY_PASSWORD_FILE": "/run/secrets/relay", "POSTAMT_RELAY_TLS": "required"]
        let configuration = try #require(loaded(Self.file, environment: environment))
        let relay = try #require(configuration.transport(forDomain: "elsewhere.example"))
        #expect(relay == Transport(domain: "*", host: "old.example", port: 25, tls: .required,
                                   credentials: .init(username: "old-user", passwordFile: "/run/secrets/relay")),
                "port 25, not the 465 of tls = \"implicit\": the port follows the TLS mode in force")
    }

    @Test("a relay entirely from the environment, with its login")
    func relayFromEnvironment() throws {
        let environment = [
            "POSTAMT_RELAY_HOST": "smtp.provider.example:587", "POSTAMT_RELAY_USER": "mail@example.com",
            "POSTAMT_RELAY_PASSWORD_FILE": "/run/secrets/smarthost",
        ]
        let configuration = try #require(loaded(nil, environment: environment))
        #expect(configuration.transports == [
            Transport(domain: "*", host: "smtp.provider.example", port: 587, tls: .required,
                      credentials: .init(username: "mail@example.com", passwordFile: "/run/secrets/smarthost")),
        ])
        #expect(configuration.describe().contains("outbound mail:   all other domains via smtp.provider.example:587"))
    }

    @Test("a host flag drops the environment's login, which was for another relay; later parts apply to it")
    func flagHostOverEnvironmentRelay() throws {
        let environment = ["POSTAMT_RELAY_HOST": "a.example", "POSTAMT_RELAY_USER": "u", "POSTAMT_RELAY_PASSWORD_FILE": "/p"]
        let other = try #require(loaded(nil, environment: environment, flags: ConfigurationOverrides(relayHost: "b.example")))
        #expect(other.transports == [Transport(domain: "*", host: "b.example", port: 25, tls: .required)])

        let relogged = try #require(loaded(
            nil, environment: environment, flags: ConfigurationOverrides(relayHost: "b.example", relayUsername: "v", relayPasswordFile: "/q")))
        #expect(relogged.transports.first?.credentials == Transport.Credentials(username: "v", passwordFile: "/q"))
    }

    @Test("parts from a higher source apply to a relay host from a lower one")
    func flagPartsOnEnvironmentHost() throws {
        let configuration = try #require(loaded(
            nil, environment: ["POSTAMT_RELAY_HOST": "relay.example:587", "POSTAMT_RELAY_USER": "u"],
            flags: ConfigurationOverrides(relayTLS: "implicit", relayPasswordFile: "/p")))
        #expect(configuration.transports == [
            Transport(domain: "*", host: "relay.example", port: 587, tls: .implicit, credentials: .init(username: "u", passwordFile: "/p")),
        ])
    }

    @Test("empty relay variables count as unset", arguments: ["POSTAMT_RELAY_HOST", "POSTAMT_RELAY_TLS", "POSTAMT_RELAY_USER", "POSTAMT_RELAY_PASSWORD_FILE"])
    func emptyRelayVariable(variable: String) throws {
        let fileOnly = try #require(loaded(Self.file))
        #expect(loaded(Self.file, environment: [variable: ""]) == fileOnly)
        #expect(loaded(nil, environment: [variable: " "]) == testDefaults)
    }

    @Test("POSTAMT_TRANSPORTS replaces the file's routes for single domains and keeps its relay")
    func routesFromEnvironment() throws {
        let routes = "Example.NET=[2001:db8::25];tls=opportunistic, example.info = smtp.example.info:465 ; tls=implicit;username=me;password_file=/p,"
        let configuration = try #require(loaded(Self.file, environment: ["POSTAMT_TRANSPORTS": routes]))
        #expect(configuration.transports == [
            Transport(domain: "*", host: "old.example", port: 465, tls: .implicit,
                      credentials: .init(username: "old-user", passwordFile: "/etc/postamt/old.password")),
            Transport(domain: "example.net", host: "2001:db8::25", port: 25, tls: .opportunistic),
            Transport(domain: "example.info", host: "smtp.example.info", port: 465, tls: .implicit,
                      credentials: .init(username: "me", passwordFile: "/p")),
        ])
        #expect(configuration.transport(forDomain: "example.org")?.host == "old.example", "the file's route is gone")
    }

    @Test("an empty POSTAMT_TRANSPORTS removes the file's routes for single domains")
    func emptyRoutes() throws {
        let configuration = try #require(loaded(Self.file, environment: ["POSTAMT_TRANSPORTS": ""]))
        #expect(configuration.transports.map(\.domain) == ["*"])
    }

    @Test("--transport repeats or holds comma-separated routes; a trailing ';' is harmless")
    func routeFlags() throws {
        let flags = ConfigurationOverrides(transports: ["a.example=relay.example;tls=none;, b.example=relay.example:2525", "c.example=192.0.2.1"])
        let configuration = try #require(loaded(nil, flags: flags))
        #expect(configuration.transports == [
            Transport(domain: "a.example", host: "relay.example", port: 25, tls: .none),
            Transport(domain: "b.example", host: "relay.example", port: 2525, tls: .required),
            Transport(domain: "c.example", host: "192.0.2.1", port: 25, tls: .required),
        ])
    }

    @Test("routes and relay from the environment together, with no file")
    func routesAndRelay() throws {
        let configuration = try #require(loaded(
            nil, environment: ["POSTAMT_RELAY_HOST": "relay.example", "POSTAMT_TRANSPORTS": "example.org=mx.example.org"]))
        #expect(configuration.transport(forDomain: "Example.ORG")?.host == "mx.example.org")
        #expect(configuration.transport(forDomain: "example.com")?.host == "relay.example")
    }
}
