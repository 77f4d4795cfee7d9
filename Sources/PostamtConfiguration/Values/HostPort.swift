import SMTPCore

/// `host:port` as listener and relay addresses are written: `0.0.0.0:25`, `[::]:25`,
/// `mail.example.net:587`. IPv6 addresses need brackets, as in URLs (RFC 3986 §3.2.2),
/// because their colons would otherwise swallow the port.
struct HostPort: Hashable {
    /// The host without brackets; IP addresses in their canonical form.
    var host: String
    var port: Int?

    enum Problem: Error {
        case empty, missingPort, badPort(String), badHost(String), unbracketedIPv6
    }

    static func parse(_ text: String, portRequired: Bool) -> Result<HostPort, Problem> {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return .failure(.empty) }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.badHost(text)) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return .failure(.badHost(text)) }
                portText = rest.dropFirst()
            }
            guard case .v6? = IPAddress(String(host)) else { return .failure(.badHost(String(host))) }
        } else if text.filter({ $0 == ":" }).count > 1 {
            return .failure(.unbracketedIPv6)
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = Substring(text)
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy(\.isASCIIDigit), let value = Int(portText), value <= 65535 else {
                return .failure(.badPort(String(portText)))
            }
            port = value
        } else if portRequired {
            return .failure(.missingPort)
        }
        if let address = IPAddress(String(host)) {
            return .success(HostPort(host: address.description, port: port))
        }
        // Digits and dots that are no IPv4 address are a mistyped one, not a host name.
        let looksNumeric = host.allSatisfy { $0.isASCIIDigit || $0 == "." }
        guard !looksNumeric, DomainName.isValid(String(host)) else { return .failure(.badHost(String(host))) }
        return .success(HostPort(host: DomainName.normalized(String(host)), port: port))
    }
}

extension HostPort.Problem {
    /// The error message for `text`, with an example of `example` (e.g. `0.0.0.0:25`).
    func message(_ text: String, example: String) -> String {
        switch self {
        case .empty: "an address must not be empty; write it as \(example)"
        case .missingPort: "'\(text)' has no port; write it as \(example)"
        case .badPort(let port): "'\(port)' in '\(text)' is not a port (0–65535)"
        case .badHost(let host) where host == text: "'\(text)' is neither an IP address nor a host name"
        case .badHost(let host): "'\(host)' in '\(text)' is neither an IP address nor a host name"
        case .unbracketedIPv6: "'\(text)': put an IPv6 address in brackets, e.g. [::]:25"
        }
    }
}
