extension Command {
    /// The command line without its CRLF.
    ///
    /// Parameters are written in a fixed order so the same command always gives the same
    /// line; xtext values are encoded per RFC 3461 §4.
    public var line: String {
        switch self {
        case .extendedHello(let domain): return "EHLO \(domain)"
        case .hello(let domain): return "HELO \(domain)"
        // A relay writes these two for every message: built in one string, not joined
        // from pieces.
        case .mail(let path, let parameters):
            var line = "MAIL FROM:"
            path.append(to: &line)
            parameters.appendEncoded(to: &line)
            return line
        case .recipient(let path, let parameters):
            var line = "RCPT TO:"
            path.append(to: &line)
            parameters.appendEncoded(to: &line)
            return line
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
    /// Appends each parameter as ` KEYWORD[=value]`, in a fixed order; xtext values encoded
    /// per RFC 3461 §4.
    func appendEncoded(to line: inout String) {
        if let size {
            line += " SIZE="
            line += String(size)
        }
        if let body {
            line += " BODY="
            line += body.rawValue
        }
        if smtpUTF8 { line += " SMTPUTF8" }
        if let dsnReturn {
            line += " RET="
            line += dsnReturn.rawValue
        }
        if let envelopeID {
            line += " ENVID="
            line += XText.encode(envelopeID)
        }
        if let authenticatedSubmitter {
            line += " AUTH="
            line += XText.encode(authenticatedSubmitter)
        }
    }
}

extension RecipientParameters {
    /// Appends each parameter as ` KEYWORD=value`.
    func appendEncoded(to line: inout String) {
        if let notify {
            switch notify {
            case .never: line += " NOTIFY=NEVER"
            case .conditions(let set): line += " NOTIFY=" + set.sorted().map(\.rawValue).joined(separator: ",")
            }
        }
        if let originalRecipient {
            line += " ORCPT="
            line += originalRecipient.addressType
            line += ";"
            line += XText.encode(originalRecipient.address)
        }
    }
}
