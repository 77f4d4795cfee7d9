/// Everything the SMTP dialogue established about one message: who sent it, to whom, and
/// how the client connected. The content travels separately.
public struct Envelope: Sendable, Hashable {
    /// The name the client gave in EHLO or HELO.
    public var clientName: String
    /// Whether the client greeted with EHLO (ESMTP) rather than HELO.
    public var usedExtendedHello: Bool
    public var isTLS: Bool
    /// The user name the client authenticated as, if it did.
    public var authenticatedUser: String?
    public var reversePath: ReversePath
    public var mailParameters: MailParameters
    public var recipients: [Recipient]
    /// Whether the content came with BDAT (RFC 3030) rather than DATA.
    public var usedChunking: Bool

    public struct Recipient: Sendable, Hashable {
        public var forwardPath: ForwardPath
        public var parameters: RecipientParameters

        public init(forwardPath: ForwardPath, parameters: RecipientParameters = RecipientParameters()) {
            self.forwardPath = forwardPath
            self.parameters = parameters
        }
    }

    public init(
        clientName: String,
        usedExtendedHello: Bool,
        isTLS: Bool,
        authenticatedUser: String?,
        reversePath: ReversePath,
        mailParameters: MailParameters,
        recipients: [Recipient] = [],
        usedChunking: Bool = false
    ) {
        self.clientName = clientName
        self.usedExtendedHello = usedExtendedHello
        self.isTLS = isTLS
        self.authenticatedUser = authenticatedUser
        self.reversePath = reversePath
        self.mailParameters = mailParameters
        self.recipients = recipients
        self.usedChunking = usedChunking
    }

    /// The protocol name for the `with` clause of a Received: header (RFC 3848,
    /// RFC 6531 §3.7.3): SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, or the UTF8 forms.
    public var receivedProtocol: String {
        guard usedExtendedHello else { return "SMTP" }
        var name = mailParameters.smtpUTF8 ? "UTF8SMTP" : "ESMTP"
        if isTLS { name += "S" }
        if authenticatedUser != nil { name += "A" }
        return name
    }
}
