import PostamtConfiguration

/// The Mozilla autoconfig document (`config-v1.1.xml`) that Thunderbird and other clients
/// fetch from `autoconfig.DOMAIN` or `DOMAIN/.well-known/autoconfig/`.
///
/// - SeeAlso: https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat
enum MozillaAutoconfig {
    /// The document for `domain`. The user name is the full address (`%EMAILADDRESS%`),
    /// as Postamt's users are addresses.
    static func document(domain: String, displayName: String, endpoints: [SubmissionEndpoint], imap: AutoconfigSettings.IncomingServer?) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<clientConfig version="1.1">"#,
            #"  <emailProvider id="\#(xmlEscaped(domain))">"#,
            "    <domain>\(xmlEscaped(domain))</domain>",
            "    <displayName>\(xmlEscaped(displayName))</displayName>",
            "    <displayShortName>\(xmlEscaped(displayName))</displayShortName>",
        ]
        if let imap {
            lines += [
                #"    <incomingServer type="imap">"#,
                "      <hostname>\(xmlEscaped(imap.host))</hostname>",
                "      <port>\(imap.port)</port>",
                "      <socketType>\(imap.port == 143 ? "STARTTLS" : "SSL")</socketType>",
                "      <authentication>password-cleartext</authentication>",
                "      <username>%EMAILADDRESS%</username>",
                "    </incomingServer>",
            ]
        }
        for endpoint in endpoints {
            lines += [
                #"    <outgoingServer type="smtp">"#,
                "      <hostname>\(xmlEscaped(endpoint.host))</hostname>",
                "      <port>\(endpoint.port)</port>",
                "      <socketType>\(endpoint.security == .implicitTLS ? "SSL" : "STARTTLS")</socketType>",
                "      <authentication>password-cleartext</authentication>",
                "      <username>%EMAILADDRESS%</username>",
                "    </outgoingServer>",
            ]
        }
        lines += ["  </emailProvider>", "</clientConfig>", ""]
        return lines.joined(separator: "\n")
    }
}
