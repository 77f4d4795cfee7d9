import SMTPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a Postamt server is configured with, after the file, the environment and the
/// command-line flags have been merged (see ``load(fileText:fileName:environment:flags:)``).
///
/// Every default is chosen so that `PostamtConfiguration()` runs a working server for
/// trying Postamt out: it listens on unprivileged ports on the loopback interface only,
/// relays for no one, and generates its own TLS certificate.
///
/// The file format and every key are described in `docs/configuration.md`.
public struct PostamtConfiguration: Sendable, Hashable {
    /// The server's own name: in the greeting, EHLO, `Received:` fields and bounces.
    /// Default: the machine's host name, or `localhost` when it has none that is a domain.
    public var hostname: String
    /// Where the queue, mailboxes and generated certificates live. Default `./postamt-data`.
    public var dataDirectory: String
    /// Domains whose mail is delivered here, lowercased. Default `["localhost"]`.
    public var localDomains: [String]
    /// Clients that may relay without authentication, like Postfix's `mynetworks`.
    /// Default empty: relaying always needs a login, so a new server is never an open relay.
    public var trustedNetworks: [IPNetwork]
    /// The sockets to listen on. Default: MX on 127.0.0.1:2525, submission on
    /// 127.0.0.1:5587, submissions on 127.0.0.1:5465.
    public var listeners: [Listener]
    /// The certificate and key; nil means a self-signed certificate generated in
    /// ``tlsDirectory`` on the first run.
    public var tls: TLSFiles?
    /// Sizes, counts and timeouts that protect the server; see ``Limits``.
    public var limits: Limits
    /// Local addresses that forward to others: `"info@example.com": ["alice@example.com"]`.
    /// Keys are lowercased; a key `@example.org` catches all otherwise unknown addresses of
    /// that domain.
    public var aliases: [String: [String]]
    /// Which envelope senders an authenticated user may use on submission.
    public var submissionSenderPolicy: SenderPolicy
    /// When undeliverable mail is retried, reported as delayed and given up on.
    public var retry: RetrySchedule
    /// Routes for outbound mail by recipient domain; mail that matches none goes to the
    /// domain's MX hosts. See ``transport(forDomain:)``.
    public var transports: [Transport]
    /// Connections to other servers and the language of bounces; see ``DeliverySettings``.
    public var delivery: DeliverySettings
    /// Where MX lookups go; see ``DNSSettings``.
    public var dns: DNSSettings
    /// How much is logged. Default `info`.
    public var logLevel: LogLevel
    /// How the kernel schedules the server's threads. Default ``CPUScheduling/batch``.
    public var cpuScheduling: CPUScheduling
    /// Which event loop serves a new connection. Default ``ListenerSteering/core``.
    public var listenerSteering: ListenerSteering
    /// The HTTP listener for the web admin, API, metrics and autoconfig; see ``AdminSettings``.
    public var admin: AdminSettings
    /// What mail clients are told to configure; see ``AutoconfigSettings``.
    public var autoconfig: AutoconfigSettings
    /// Where the queue and the users are kept. Default ``StorageBackend/sqlite``.
    public var storage: StorageBackend
    /// The shared database when ``storage`` is ``StorageBackend/postgres``.
    public var postgres: PostgresSettings?
    /// The root of the local mailboxes; nil means `mail` in the data directory. Nodes that
    /// share a PostgreSQL queue deliver local mail wherever they are, so they point this at
    /// one shared directory.
    public var mailDirectory: String?

    /// The defaults, with `hostname` taken from the machine unless given.
    public init(hostname: String = PostamtConfiguration.systemHostname()) {
        self.hostname = hostname
        dataDirectory = "./postamt-data"
        localDomains = ["localhost"]
        trustedNetworks = []
        listeners = Listener.defaults
        tls = nil
        limits = Limits()
        aliases = [:]
        submissionSenderPolicy = .ownAddressesOnly
        retry = RetrySchedule()
        transports = []
        delivery = DeliverySettings()
        dns = DNSSettings()
        logLevel = .info
        cpuScheduling = .batch
        listenerSteering = .core
        admin = AdminSettings()
        autoconfig = AutoconfigSettings()
        storage = .sqlite
        postgres = nil
        mailDirectory = nil
    }

    /// Where a generated self-signed certificate is kept when ``tls`` is nil.
    public var tlsDirectory: String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "tls" : dataDirectory + "/tls"
    }

    /// Where local mailboxes are: ``mailDirectory``, or `mail` in the data directory.
    public var mailboxRoot: String {
        mailDirectory ?? (dataDirectory.hasSuffix("/") ? dataDirectory + "mail" : dataDirectory + "/mail")
    }

    /// The listeners of one role, in configuration order.
    public func listeners(_ role: Listener.Role) -> [Listener] {
        listeners.filter { $0.role == role }
    }

    /// The route for mail to `domain`: the transport for exactly that domain, else the
    /// `*` transport, else nil (deliver to the domain's MX hosts).
    public func transport(forDomain domain: String) -> Transport? {
        let key = DomainName.normalized(domain)
        return transports.first { $0.domain == key } ?? transports.first { $0.domain == Transport.everyDomain }
    }

    /// The machine's host name (`gethostname`) if it is a valid domain, else `localhost`.
    public static func systemHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DomainName.isValid(name) ? name : "localhost"
    }
}
