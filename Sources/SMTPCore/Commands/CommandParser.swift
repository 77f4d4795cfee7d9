/// Parses one SMTP command line (without its line ending) into a ``Command``.
///
/// Verbs and parameter keywords are case-insensitive (RFC 5321 §2.4). Every failure is a
/// ``CommandParseError`` carrying the reply to send. A few widespread deviations are
/// accepted, as mature servers do: white space after the colon of `MAIL FROM:` and
/// `RCPT TO:`, trailing white space, and a path without angle brackets.
///
/// - SeeAlso: RFC 5321 §4.1.1 and §4.1.2, §4.5.3.1.4 (line length).
public enum CommandParser {
    /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF.
    public static let maximumLineLength = 512
    /// MAIL and RCPT lines may grow with their ESMTP parameters (RFC 5321 §4.5.3.1.4, RFC 4954
    /// §5 adds 500 octets for AUTH=, RFC 3461 allows ORCPT and ENVID values). 2048 is Postfix's
    /// figure and covers every parameter Postamt supports.
    public static let maximumParameterLineLength = 2048
    /// The longest line a command decoder needs to buffer to apply the limits above.
    public static let maximumBufferedLineLength = maximumParameterLineLength

    /// Verbs that mean an HTTP client or proxy probe has connected; servers drop these
    /// connections at once (RFC 5321 does not require it; it stops cross-protocol attacks).
    public static let foreignProtocolVerbs: Set<String> = ["GET", "POST", "HEAD", "PUT", "CONNECT", "OPTIONS", "DELETE"]

    /// Parses `line`, which holds no CR or LF at its end.
    public static func parse(_ line: some Collection<UInt8>) -> Result<Command, CommandParseError> {
        var bytes = ArraySlice(line)
        // The limits count the CRLF as well.
        let length = bytes.count + 2
        while let last = bytes.last, last == ASCII.space || last == ASCII.tab { bytes.removeLast() }
        if let badByte = bytes.first(where: { $0 < 0x20 && $0 != ASCII.tab || $0 == 0x7F }) {
            return .failure(.syntax(badByte == ASCII.cr ? "bare CR in command line" : "control character in command line"))
        }
        let verbEnd = bytes.firstIndex(of: ASCII.space) ?? bytes.endIndex
        let verbBytes = bytes[..<verbEnd]
        var argument = bytes[verbEnd...]
        while argument.first == ASCII.space { argument.removeFirst() }
        guard !verbBytes.isEmpty else { return .failure(.syntax("empty command")) }
        guard verbBytes.count <= 8, let verb = Verb(verbBytes) else { return .failure(.unknownCommand()) }

        let limit = verb == .mail || verb == .recipient ? maximumParameterLineLength : maximumLineLength
        if length > limit { return .failure(.lineTooLong(limit: limit)) }

        switch verb {
        case .extendedHello, .hello:
            guard !argument.isEmpty else {
                return .failure(.badArguments("\(verb == .hello ? "HELO" : "EHLO") requires a domain name or address literal"))
            }
            guard !argument.contains(ASCII.space), let identity = String(validating: argument, as: UTF8.self) else {
                return .failure(.badArguments("invalid domain name or address literal"))
            }
            return .success(verb == .hello ? .hello(identity) : .extendedHello(identity))
        case .mail:
            return parseMail(argument)
        case .recipient:
            return parseRecipient(argument)
        case .data:
            return noArgument(argument, .data)
        case .reset:
            return noArgument(argument, .reset)
        case .quit:
            return noArgument(argument, .quit)
        case .startTLS:
            return noArgument(argument, .startTLS)
        case .noop, .help:
            // Free text, but UTF-8: decoding anything else would change it (and its length).
            guard argument.isEmpty || String(validating: argument, as: UTF8.self) != nil else {
                return .failure(.badArguments("the argument is not valid UTF-8"))
            }
            let text = argument.isEmpty ? nil : String(decoding: argument, as: UTF8.self)
            return .success(verb == .noop ? .noop(text) : .help(text))
        case .verify, .expand:
            guard !argument.isEmpty else { return .failure(.badArguments("an argument is required")) }
            guard let text = String(validating: argument, as: UTF8.self) else {
                return .failure(.badArguments("the argument is not valid UTF-8"))
            }
            return .success(verb == .verify ? .verify(text) : .expand(text))
        case .binaryData:
            return parseBinaryData(argument)
        case .authenticate:
            return parseAuthenticate(argument)
        }
    }

    private static func noArgument(_ argument: ArraySlice<UInt8>, _ command: Command) -> Result<Command, CommandParseError> {
        argument.isEmpty ? .success(command) : .failure(.badArguments("\(command.verb) takes no arguments"))
    }

    private enum Verb {
        case extendedHello, hello, mail, recipient, data, binaryData, reset, noop, quit, verify, expand, help, startTLS,
            authenticate

        init?(_ bytes: ArraySlice<UInt8>) {
            var word: UInt64 = 0
            for byte in bytes { word = word << 8 | UInt64(ASCII.uppercased(byte)) }
            switch word {
            case Verb.pack("EHLO"): self = .extendedHello
            case Verb.pack("HELO"): self = .hello
            case Verb.pack("MAIL"): self = .mail
            case Verb.pack("RCPT"): self = .recipient
            case Verb.pack("DATA"): self = .data
            case Verb.pack("BDAT"): self = .binaryData
            case Verb.pack("RSET"): self = .reset
            case Verb.pack("NOOP"): self = .noop
            case Verb.pack("QUIT"): self = .quit
            case Verb.pack("VRFY"): self = .verify
            case Verb.pack("EXPN"): self = .expand
            case Verb.pack("HELP"): self = .help
            case Verb.pack("STARTTLS"): self = .startTLS
            case Verb.pack("AUTH"): self = .authenticate
            default: return nil
            }
        }

        /// Packs up to eight ASCII letters into one integer, so matching a verb allocates nothing.
        static func pack(_ verb: StaticString) -> UInt64 {
            var word: UInt64 = 0
            verb.withUTF8Buffer { for byte in $0 { word = word << 8 | UInt64(byte) } }
            return word
        }
    }

    // MARK: MAIL and RCPT

    private static func parseMail(_ argument: ArraySlice<UInt8>) -> Result<Command, CommandParseError> {
        guard ASCII.hasPrefixIgnoringCase(argument, "FROM:") else {
            return .failure(.badArguments("expected MAIL FROM:<address>"))
        }
        var rest = argument.dropFirst(5)
        while rest.first == ASCII.space { rest.removeFirst() }
        let path: ReversePath
        switch PathParser.parsePath(rest) {
        case .failure(let error):
            return .failure(.badSenderAddress(error))
        case .success(let parsed):
            if parsed.postmaster {
                // `<postmaster>` is only special as a recipient; as a sender it lacks a domain.
                return .failure(.badSenderAddress(.missingAtSign))
            }
            path = parsed.mailbox.map(ReversePath.mailbox) ?? .null
            rest = parsed.rest
        }
        switch parseMailParameters(rest) {
        case .failure(let error):
            return .failure(error)
        case .success(let parameters):
            if let mailbox = path.mailbox, !mailbox.isASCII, !parameters.smtpUTF8 {
                return .failure(.nonASCIIAddressWithoutSMTPUTF8())
            }
            return .success(.mail(path, parameters))
        }
    }

    private static func parseRecipient(_ argument: ArraySlice<UInt8>) -> Result<Command, CommandParseError> {
        guard ASCII.hasPrefixIgnoringCase(argument, "TO:") else {
            return .failure(.badArguments("expected RCPT TO:<address>"))
        }
        var rest = argument.dropFirst(3)
        while rest.first == ASCII.space { rest.removeFirst() }
        let path: ForwardPath
        switch PathParser.parsePath(rest) {
        case .failure(let error):
            return .failure(.badRecipientAddress(error))
        case .success(let parsed):
            if parsed.postmaster {
                path = .postmaster
            } else if let mailbox = parsed.mailbox {
                path = .mailbox(mailbox)
            } else {
                return .failure(.badRecipientAddress(.emptyPath))
            }
            rest = parsed.rest
        }
        return parseRecipientParameters(rest).map { .recipient(path, $0) }
    }

    /// Splits `SP esmtp-param *(SP esmtp-param)` into keyword (upper case) and value.
    private static func parameterWords(
        _ bytes: ArraySlice<UInt8>
    ) -> Result<[(keyword: String, value: ArraySlice<UInt8>?)], CommandParseError> {
        guard bytes.isEmpty || bytes.first == ASCII.space else {
            return .failure(.badArguments("expected a space after the address"))
        }
        var words = [(keyword: String, value: ArraySlice<UInt8>?)]()
        for word in bytes.split(separator: ASCII.space) {
            let equals = word.firstIndex(of: ASCII.equals)
            let keyword = word[..<(equals ?? word.endIndex)]
            // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
            guard let first = keyword.first, ASCII.isAlphaNumeric(first),
                keyword.allSatisfy({ ASCII.isAlphaNumeric($0) || $0 == ASCII.hyphen })
            else { return .failure(.badArguments("invalid parameter \(String(decoding: word, as: UTF8.self))")) }
            let name = String(decoding: keyword.map(ASCII.uppercased), as: UTF8.self)
            var value: ArraySlice<UInt8>? = nil
            if let equals {
                let raw = word[(equals + 1)...]
                // esmtp-value = 1*(%d33-60 / %d62-126), plus UTF-8 (RFC 6531 §3.3)
                guard !raw.isEmpty, raw.allSatisfy({ ($0 >= 33 && $0 != ASCII.equals && $0 != 0x7F) }) else {
                    return .failure(.badArguments("invalid value for \(name)"))
                }
                value = raw
            }
            if words.contains(where: { $0.keyword == name }) {
                return .failure(.badArguments("duplicate parameter \(name)"))
            }
            words.append((name, value))
        }
        return .success(words)
    }

    private static func parseMailParameters(_ bytes: ArraySlice<UInt8>) -> Result<MailParameters, CommandParseError> {
        let words: [(keyword: String, value: ArraySlice<UInt8>?)]
        switch parameterWords(bytes) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): words = parsed
        }
        var parameters = MailParameters()
        for (keyword, value) in words {
            switch keyword {
            case "SIZE":
                guard let value, value.count <= 20, value.allSatisfy(ASCII.isDigit),
                    let size = UInt64(String(decoding: value, as: UTF8.self))
                else { return .failure(.badArguments("SIZE needs a number of octets")) }
                parameters.size = size
            case "BODY":
                let text = value.map { String(decoding: $0.map(ASCII.uppercased), as: UTF8.self) }
                guard let text, let body = MailParameters.BodyType(rawValue: text) else {
                    return .failure(.badArguments("BODY must be 7BIT, 8BITMIME or BINARYMIME"))
                }
                parameters.body = body
            case "SMTPUTF8":
                guard value == nil else { return .failure(.badArguments("SMTPUTF8 takes no value")) }
                parameters.smtpUTF8 = true
            case "RET":
                let text = value.map { String(decoding: $0.map(ASCII.uppercased), as: UTF8.self) }
                guard let text, let ret = MailParameters.DSNReturn(rawValue: text) else {
                    return .failure(.badArguments("RET must be FULL or HDRS"))
                }
                parameters.dsnReturn = ret
            case "ENVID":
                // RFC 3461 §4.4: at most 100 characters.
                guard let value, value.count <= 100, let decoded = XText.decode(value) else {
                    return .failure(.badArguments("ENVID must be xtext of at most 100 characters"))
                }
                parameters.envelopeID = decoded
            case "AUTH":
                guard let value, let decoded = XText.decode(value) else {
                    return .failure(.badArguments("AUTH= must be xtext"))
                }
                parameters.authenticatedSubmitter = decoded
            default:
                return .failure(.unknownParameter(keyword))
            }
        }
        return .success(parameters)
    }

    private static func parseRecipientParameters(_ bytes: ArraySlice<UInt8>) -> Result<RecipientParameters, CommandParseError> {
        let words: [(keyword: String, value: ArraySlice<UInt8>?)]
        switch parameterWords(bytes) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): words = parsed
        }
        var parameters = RecipientParameters()
        for (keyword, value) in words {
            switch keyword {
            case "NOTIFY":
                guard let value, let notify = parseNotify(value) else {
                    return .failure(.badArguments("NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY"))
                }
                parameters.notify = notify
            case "ORCPT":
                // orcpt-parameter = "ORCPT=" addr-type ";" xtext (RFC 3461 §4.2)
                guard let value, let semicolon = value.firstIndex(of: 0x3B) else {
                    return .failure(.badArguments("ORCPT must be addr-type;xtext"))
                }
                let type = value[..<semicolon]
                guard !type.isEmpty, type.allSatisfy(ASCII.isAtext),
                    let address = XText.decode(value[(semicolon + 1)...]), !address.isEmpty
                else { return .failure(.badArguments("ORCPT must be addr-type;xtext")) }
                parameters.originalRecipient = OriginalRecipient(
                    addressType: String(decoding: type, as: UTF8.self),
                    address: address
                )
            default:
                return .failure(.unknownParameter(keyword))
            }
        }
        return .success(parameters)
    }

    private static func parseNotify(_ value: ArraySlice<UInt8>) -> DSNNotify? {
        let items = value.split(separator: ASCII.comma, omittingEmptySubsequences: false).map {
            String(decoding: $0.map(ASCII.uppercased), as: UTF8.self)
        }
        if items == ["NEVER"] { return .never }
        var conditions = Set<DSNNotify.Condition>()
        for item in items {
            guard let condition = DSNNotify.Condition(rawValue: item), conditions.insert(condition).inserted else {
                return nil
            }
        }
        return .conditions(conditions)
    }

    // MARK: BDAT and AUTH

    private static func parseBinaryData(_ argument: ArraySlice<UInt8>) -> Result<Command, CommandParseError> {
        let words = argument.split(separator: ASCII.space)
        guard (1...2).contains(words.count), words[0].count <= 20, words[0].allSatisfy(ASCII.isDigit),
            let size = UInt64(String(decoding: words[0], as: UTF8.self))
        else { return .failure(.badArguments("expected BDAT <size> [LAST]")) }
        if words.count == 2 {
            guard ASCII.equalsIgnoringCase(words[1], "LAST") else {
                return .failure(.badArguments("expected BDAT <size> [LAST]"))
            }
            return .success(.binaryData(size: size, isLast: true))
        }
        return .success(.binaryData(size: size, isLast: false))
    }

    private static func parseAuthenticate(_ argument: ArraySlice<UInt8>) -> Result<Command, CommandParseError> {
        let words = argument.split(separator: ASCII.space)
        // sasl-mech = 1*20mech-char; mech-char = UPPER-ALPHA / DIGIT / "-" / "_" (RFC 4422 §3.1)
        guard (1...2).contains(words.count), words[0].count <= 20,
            words[0].allSatisfy({ ASCII.isAlphaNumeric($0) || $0 == ASCII.hyphen || $0 == 0x5F })
        else { return .failure(.badArguments("expected AUTH <mechanism> [initial-response]")) }
        let mechanism = String(decoding: words[0].map(ASCII.uppercased), as: UTF8.self)
        guard words.count == 2 else { return .success(.authenticate(mechanism: mechanism, initialResponse: nil)) }
        if words[1].count == 1 && words[1].first == ASCII.equals {
            return .success(.authenticate(mechanism: mechanism, initialResponse: []))
        }
        guard let response = Base64.decode(words[1]) else {
            return .failure(CommandParseError(Reply(501, EnhancedStatusCode(.permanentFailure, 5, 2), "Initial response is not valid base64")))
        }
        return .success(.authenticate(mechanism: mechanism, initialResponse: response))
    }
}
