import SMTPCore

/// How outbound mail is sent: how many connections at once, how long connections are kept
/// for the next message, and the language of the bounces the server writes.
///
/// The defaults are Postfix's orders of magnitude: 20 connections in all
/// (`default_process_limit`), 10 to one server, a connection kept a few seconds and for at
/// most 100 messages (`smtp_connection_cache_time_limit`, `smtp_connection_reuse_count_limit`).
public struct DeliverySettings: Sendable, Hashable {
    /// Connections open at once to other servers, all together. Default 20.
    public var concurrency: Int
    /// Connections open at once to one server (address and port). Default 10.
    public var destinationConcurrency: Int
    /// Messages sent over one connection before it is closed; 1 turns reuse off. Default 100.
    public var messagesPerConnection: Int
    /// Messages on their way over one connection at once, each sent behind the content of
    /// the one before (RFC 2920 §3.1), whole when it goes as a BDAT chunk; only with servers
    /// that offer PIPELINING, and only when `destinationConcurrency` connections are open
    /// already. 1 turns this off.
    /// Default 4.
    public var messagesInFlight: Int
    /// Whether content goes as one BDAT chunk to servers that offer CHUNKING (RFC 3030):
    /// MAIL, RCPT, BDAT and the content in one write, one round trip per message, and with
    /// `messagesInFlight` several messages in one round trip. Default true.
    public var chunking: Bool
    /// How long an unused connection is kept open for the next message. Default 5 seconds.
    public var connectionIdleTime: Duration
    /// How long to wait for a TCP connection. Default 30 seconds.
    public var connectTimeout: Duration
    /// The language of the explanation in bounces and delay notices. Default English.
    public var bounceLanguage: Language
    /// How long delivered and bounced messages stay in the queue, for `postamt queue show`
    /// and the web admin, before they are removed. Default one day.
    public var keepFinished: Duration
    /// How long a delivery in progress stays reserved for the node that claimed it. The
    /// node renews the reservation while it works; when a node dies, another one takes its
    /// deliveries over once this much time has passed. Default one minute.
    public var leaseTime: Duration

    public init(
        concurrency: Int = 20,
        destinationConcurrency: Int = 10,
        messagesPerConnection: Int = 100,
        messagesInFlight: Int = 4,
        chunking: Bool = true,
        connectionIdleTime: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(30),
        bounceLanguage: Language = .english,
        keepFinished: Duration = .seconds(86400),
        leaseTime: Duration = .seconds(60)
    ) {
        self.leaseTime = leaseTime
        self.keepFinished = keepFinished
        self.concurrency = concurrency
        self.destinationConcurrency = destinationConcurrency
        self.messagesPerConnection = messagesPerConnection
        self.messagesInFlight = messagesInFlight
        self.chunking = chunking
        self.connectionIdleTime = connectionIdleTime
        self.connectTimeout = connectTimeout
        self.bounceLanguage = bounceLanguage
    }
}
