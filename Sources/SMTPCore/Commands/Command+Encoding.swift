extension Command {
    /// The command line without its CRLF.
    ///
    /// Parameters are written in a fixed order so the same command always gives the same
    /// line; xtext values are encoded per RFC 3461 §4.
    public var line: String {
        switch self {
        case .extendedHello(let domain): return "EHLO \(domain)"
        case .hello(let domain): return "HELO \(domain)"
        case .mail(let path, let parameters):
            return (["MAIL FROM:\(path)"] + parameters.encodedParameters).joined(separator: " ")
        case .recipient(let path, let parameters):
            return (["RCPT TO:\(path)"] + parameters.encodedParameters).joined(separator: " ")
        case .data: return "DATA"
        case .binaryData(let size, let isLast): return isLast ? "BDAT \(size) LAST" : "BDAT \(size)"
        case .reset: return "RSET"
        case .noop(let text): return text.map { "NOOP \($0)" } ?? "NOOP"
        case .quit: return "QUIT"
        case .verify(let text): return "VRFY \(text)"
        case .expand(let text): return "EXPN \(text)"
        case .help(let text): return text.map { "HELP \($0)" } ?? "HELP"
        case .startTLS: return "STARTTLS"
        case .authenticate(let mechanism, let response):
            guard let response else { return "AUTH \(mechanism)" }
            return "AUTH \(mechanism) \(response.isEmpty ? "=" : Base64.encode(response))"
        }
    }

    /// The command line with CRLF, as bytes.
    public var encoded: [UInt8] { Array(line.utf8) + [ASCII.cr, ASCII.lf] }
}

extension MailParameters {
    /// The parameters as `KEYWORD[=value]` words.
    public var encodedParameters: [String] {
        var words = [String]()
        if let size { words.append("SIZE=\(size)") }
        if let body { words.append("BODY=\(body.rawValue)") }
        if smtpUTF8 { words.append("SMTPUTF8") }
        if let dsnReturn { words.append("RET=\(dsnReturn.rawValue)") }
        if let envelopeID { words.append("ENVID=\(XText.encode(envelopeID))") }
        if let authenticatedSubmitter { words.append("AUTH=\(XText.encode(authenticatedSubmitter))") }
        return words
    }
}

extension RecipientParameters {
    /// The parameters as `KEYWORD=value` words.
    public var encodedParameters: [String] {
        var words = [String]()
        if let notify {
            switch notify {
            case .never: words.append("NOTIFY=NEVER")
            case .conditions(let set): words.append("NOTIFY=" + set.sorted().map(\.rawValue).joined(separator: ","))
            }
        }
        if let originalRecipient {
            words.append("ORCPT=\(originalRecipient.addressType);\(XText.encode(originalRecipient.address))")
        }
        return words
    }
}
