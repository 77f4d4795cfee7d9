/// A command line that cannot be accepted, with the exact reply the server sends for it.
public struct CommandParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reply: Reply

    public init(_ reply: Reply) { self.reply = reply }

    public var description: String { reply.description }

    /// 500 5.5.2: the verb is not an SMTP command.
    static func unknownCommand() -> CommandParseError {
        CommandParseError(Reply(500, EnhancedStatusCode(.permanentFailure, 5, 2), "Syntax error, command unrecognized"))
    }

    /// 500 5.5.2: the line is not SMTP syntax at all.
    static func syntax(_ detail: String) -> CommandParseError {
        CommandParseError(Reply(500, EnhancedStatusCode(.permanentFailure, 5, 2), "Syntax error: \(detail)"))
    }

    /// 500 5.5.6: the line is longer than the command allows (RFC 5321 §4.5.3.1.4).
    static func lineTooLong(limit: Int) -> CommandParseError {
        CommandParseError(Reply(500, EnhancedStatusCode(.permanentFailure, 5, 6), "Line too long (more than \(limit) octets)"))
    }

    /// 501 5.5.4: the verb is known but its arguments are wrong.
    static func badArguments(_ detail: String) -> CommandParseError {
        CommandParseError(Reply(501, EnhancedStatusCode(.permanentFailure, 5, 4), "Syntax error in parameters: \(detail)"))
    }

    /// 501 5.1.7: the MAIL FROM address is not valid syntax.
    static func badSenderAddress(_ error: PathSyntaxError) -> CommandParseError {
        CommandParseError(Reply(501, EnhancedStatusCode(.permanentFailure, 1, 7), "Bad sender address syntax: \(error)"))
    }

    /// 501 5.1.3: the RCPT TO address is not valid syntax.
    static func badRecipientAddress(_ error: PathSyntaxError) -> CommandParseError {
        CommandParseError(Reply(501, EnhancedStatusCode(.permanentFailure, 1, 3), "Bad recipient address syntax: \(error)"))
    }

    /// 555 5.5.4: a MAIL or RCPT parameter this server does not know (RFC 5321 §4.1.1.11).
    static func unknownParameter(_ keyword: String) -> CommandParseError {
        CommandParseError(Reply(555, EnhancedStatusCode(.permanentFailure, 5, 4), "Unsupported parameter \(keyword)"))
    }

    /// 553 5.6.7: a non-ASCII address without SMTPUTF8 (RFC 6531 §3.5).
    static func nonASCIIAddressWithoutSMTPUTF8() -> CommandParseError {
        CommandParseError(Reply(553, EnhancedStatusCode(.permanentFailure, 6, 7), "Non-ASCII address requires the SMTPUTF8 parameter"))
    }
}
