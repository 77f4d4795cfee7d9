/// A port where mail clients submit mail, as autoconfig and Autodiscover announce it.
struct SubmissionEndpoint: Sendable, Hashable {
    enum Security: Sendable, Hashable {
        /// TLS from the first byte (RFC 8314), usually port 465.
        case implicitTLS
        /// STARTTLS (RFC 3207), usually port 587.
        case startTLS
    }

    var host: String
    var port: Int
    var security: Security

    /// The submission listeners as bound: implicit TLS first, which RFC 8314 §3.3
    /// recommends over STARTTLS; each port once.
    static func from(_ listeners: [ListenerStatus], host: String) -> [SubmissionEndpoint] {
        var endpoints: [SubmissionEndpoint] = []
        for (role, security) in [("submissions", Security.implicitTLS), ("submission", .startTLS)] {
            for listener in listeners where listener.role == role {
                let endpoint = SubmissionEndpoint(host: host, port: listener.port, security: security)
                if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
            }
        }
        return endpoints
    }
}

/// Text for XML character data and attribute values.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
            // Control characters are not allowed in XML 1.0.
            if let ascii = character.asciiValue, ascii < 0x20, ascii != 0x09, ascii != 0x0A, ascii != 0x0D { continue }
            result.append(character)
        }
    }
    return result
}
