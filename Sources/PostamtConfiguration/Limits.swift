/// Limits that keep one client, or many, from exhausting the server.
public struct Limits: Sendable, Hashable {
    /// Largest message accepted, announced with the SIZE extension. Default 25 MiB.
    ///
    /// - SeeAlso: RFC 1870; RFC 5321 §4.5.3.1.7 (at least 64K must be accepted).
    public var maximumMessageSize: UInt64
    /// Recipients per message; more are refused with 452 4.5.3. Default 100, the minimum
    /// RFC 5321 §4.5.3.1.8 requires a server to accept.
    public var maximumRecipients: Int
    /// Simultaneous connections over all listeners. Default 1000.
    public var maximumConnections: Int
    /// Simultaneous connections from one IP address. Default 20.
    public var maximumConnectionsPerClient: Int
    /// Erroneous commands before the session is closed with 421 4.7.0. Default 20.
    public var maximumErrors: Int
    /// How long the server waits for the next command. Default 5 minutes.
    ///
    /// - SeeAlso: RFC 5321 §4.5.3.2.7 (server timeout, at least 5 minutes).
    public var commandTimeout: Duration
    /// How long the server waits for more message content. Default 10 minutes.
    ///
    /// - SeeAlso: RFC 5321 §4.5.3.2.5 and §4.5.3.2.6 (data block 3, termination 10 minutes).
    public var dataTimeout: Duration
    /// Failed logins from one client before answers are slowed down. Default 3.
    public var authenticationFailuresBeforeDelay: Int
    /// Failed logins from one client within the window before it is refused. Default 10.
    public var authenticationFailureLimit: Int
    /// The window the failure counts cover. Default 15 minutes.
    public var authenticationFailureWindow: Duration
    /// Messages in the queue before new mail is refused with a temporary error. Default 100 000.
    public var queueCapacity: Int
    /// Free space on the data directory's file system below which new mail is refused
    /// with 452 4.3.1 (0 turns the check off). Default 100 MiB.
    public var minimumFreeDiskSpace: UInt64

    public init(
        maximumMessageSize: UInt64 = 25 * 1024 * 1024,
        maximumRecipients: Int = 100,
        maximumConnections: Int = 1000,
        maximumConnectionsPerClient: Int = 20,
        maximumErrors: Int = 20,
        commandTimeout: Duration = .seconds(5 * 60),
        dataTimeout: Duration = .seconds(10 * 60),
        authenticationFailuresBeforeDelay: Int = 3,
        authenticationFailureLimit: Int = 10,
        authenticationFailureWindow: Duration = .seconds(15 * 60),
        queueCapacity: Int = 100_000,
        minimumFreeDiskSpace: UInt64 = 100 * 1024 * 1024
    ) {
        self.maximumMessageSize = maximumMessageSize
        self.maximumRecipients = maximumRecipients
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerClient = maximumConnectionsPerClient
        self.maximumErrors = maximumErrors
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.authenticationFailuresBeforeDelay = authenticationFailuresBeforeDelay
        self.authenticationFailureLimit = authenticationFailureLimit
        self.authenticationFailureWindow = authenticationFailureWindow
        self.queueCapacity = queueCapacity
        self.minimumFreeDiskSpace = minimumFreeDiskSpace
    }

    /// The smallest message size limit RFC 5321 §4.5.3.1.7 allows: 64K octets.
    public static let smallestMessageSizeLimit: UInt64 = 64 * 1024
}
