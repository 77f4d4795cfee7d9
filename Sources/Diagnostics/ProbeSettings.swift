import SMTPCore

/// How `diagnose` probes a server.
public struct ProbeSettings: Sendable {
    /// The host as the user would type it into a mail client: a name (checked against the
    /// certificate) or an address.
    public var host: String
    /// The EHLO name.
    public var clientName: String
    /// How long to wait for a TCP connection.
    public var connectTimeout: Duration
    /// How long to wait for the greeting and for each reply. A greeting that does not come
    /// in this time sends the probe to TLS from the first byte.
    public var replyTimeout: Duration
    /// Certificates (PEM) to trust instead of the system's store, e.g. a private CA.
    public var trustedCertificates: [String]?
    /// A login to try on each port that offers one over TLS.
    public var credentials: Credentials?

    public init(
        host: String,
        clientName: String,
        connectTimeout: Duration = .seconds(10),
        replyTimeout: Duration = .seconds(10),
        trustedCertificates: [String]? = nil,
        credentials: Credentials? = nil
    ) {
        self.host = host
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.trustedCertificates = trustedCertificates
        self.credentials = credentials
    }
}
