extension ServerSession {
    /// What a listener offers and requires; the same session logic serves MX, submission
    /// and implicit-TLS listeners with different configurations.
    public struct Configuration: Sendable, Hashable {
        /// The server's name in the greeting, EHLO reply and trace headers.
        public var hostname: String
        /// Largest message accepted, in octets (SIZE, RFC 1870); `nil` for no limit.
        public var maximumMessageSize: UInt64?
        /// Recipients per message; RFC 5321 §4.5.3.1.8 asks for at least 100.
        public var maximumRecipients: Int
        /// Error replies after which the session is closed with 421 4.7.0.
        public var maximumErrors: Int
        /// Whether the connection was TLS from its first byte (RFC 8314).
        public var isImplicitTLS: Bool
        /// Whether STARTTLS can be offered (a certificate is configured).
        public var isStartTLSAvailable: Bool
        /// MAIL is refused with 530 5.7.0 until TLS is active (RFC 3207 §4, RFC 6409 §4.3).
        public var requiresTLS: Bool
        /// Mechanisms offered with AUTH; empty means no AUTH at all.
        public var authenticationMechanisms: [SASLMechanism]
        /// AUTH is neither offered nor accepted before TLS (538 5.7.11, RFC 4954 §4).
        public var authenticationRequiresTLS: Bool
        /// MAIL is refused with 530 5.7.0 until the client has authenticated (RFC 6409 §4.3).
        public var requiresAuthentication: Bool
        /// Whether MAIL before EHLO/HELO is refused with 503 5.5.1.
        public var requiresHello: Bool
        public var bareLineEndingPolicy: BareLineEndingPolicy
        public var longLinePolicy: LongLinePolicy
        /// Whether DSN (RFC 3461) is offered and its parameters accepted.
        public var offersDSN: Bool
        /// Whether SMTPUTF8 (RFC 6531) is offered.
        public var offersSMTPUTF8: Bool
        /// Bytes a pipelining client may send while the session waits for a decision
        /// (a policy check, a password check, storage); more closes the session.
        public var maximumPendingInput: Int

        public init(
            hostname: String,
            maximumMessageSize: UInt64? = 25 * 1024 * 1024,
            maximumRecipients: Int = 100,
            maximumErrors: Int = 20,
            isImplicitTLS: Bool = false,
            isStartTLSAvailable: Bool = false,
            requiresTLS: Bool = false,
            authenticationMechanisms: [SASLMechanism] = [],
            authenticationRequiresTLS: Bool = true,
            requiresAuthentication: Bool = false,
            requiresHello: Bool = true,
            bareLineEndingPolicy: BareLineEndingPolicy = .reject,
            longLinePolicy: LongLinePolicy = .accept,
            offersDSN: Bool = true,
            offersSMTPUTF8: Bool = true,
            maximumPendingInput: Int = 1024 * 1024
        ) {
            self.hostname = hostname
            self.maximumMessageSize = maximumMessageSize
            self.maximumRecipients = maximumRecipients
            self.maximumErrors = maximumErrors
            self.isImplicitTLS = isImplicitTLS
            self.isStartTLSAvailable = isStartTLSAvailable
            self.requiresTLS = requiresTLS
            self.authenticationMechanisms = authenticationMechanisms
            self.authenticationRequiresTLS = authenticationRequiresTLS
            self.requiresAuthentication = requiresAuthentication
            self.requiresHello = requiresHello
            self.bareLineEndingPolicy = bareLineEndingPolicy
            self.longLinePolicy = longLinePolicy
            self.offersDSN = offersDSN
            self.offersSMTPUTF8 = offersSMTPUTF8
            self.maximumPendingInput = maximumPendingInput
        }

        /// A message submission listener (RFC 6409 on port 587): STARTTLS, then AUTH, then mail.
        public static func submission(hostname: String) -> Configuration {
            Configuration(
                hostname: hostname,
                isStartTLSAvailable: true,
                requiresTLS: true,
                authenticationMechanisms: [.plain, .login],
                requiresAuthentication: true
            )
        }

        /// An implicit-TLS submission listener (RFC 8314 on port 465).
        public static func submissions(hostname: String) -> Configuration {
            Configuration(
                hostname: hostname,
                isImplicitTLS: true,
                authenticationMechanisms: [.plain, .login],
                requiresAuthentication: true
            )
        }

        /// A listener for mail from other servers (port 25): STARTTLS offered, no AUTH.
        public static func mx(hostname: String, isStartTLSAvailable: Bool) -> Configuration {
            Configuration(hostname: hostname, isStartTLSAvailable: isStartTLSAvailable)
        }
    }
}
