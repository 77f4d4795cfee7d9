import SMTPCore

/// One right-hand side entry of an alias: where mail for the alias goes.
enum AliasTarget: Sendable, Hashable {
    /// `user@example.org`: that address, local or not.
    case mailbox(Mailbox)
    /// `user`: that local part in the domain of the address being expanded, as in
    /// `/etc/aliases` (`postmaster: root`).
    case localPart(String)
    /// `@example.net`: the same local part in another domain (a domain alias).
    case domain(MailDomain)

    /// Parses `user@domain`, `user` or `@domain`; `nil` for anything else.
    init?(_ text: String) {
        if text.hasPrefix("@") {
            guard let domain = AliasSyntax.domain(String(text.dropFirst())) else { return nil }
            self = .domain(domain)
        } else if text.contains("@") {
            guard let mailbox = Mailbox(text) else { return nil }
            self = .mailbox(mailbox)
        } else {
            guard let mailbox = Mailbox(text + "@" + AliasSyntax.placeholderDomain) else { return nil }
            self = .localPart(mailbox.localPart)
        }
    }

    /// The address this target stands for when `address` is being expanded.
    func address(expanding address: Mailbox) -> Mailbox {
        switch self {
        case .mailbox(let mailbox): mailbox
        case .localPart(let localPart): Mailbox(localPart: localPart, domain: address.domain)
        case .domain(let domain): Mailbox(localPart: address.localPart, domain: domain)
        }
    }
}

/// Parsing helpers for alias entries, reusing SMTPCore's RFC 5321 mailbox parser.
enum AliasSyntax {
    /// A syntactically valid domain to complete a bare local part for parsing.
    static let placeholderDomain = "alias.invalid"

    /// A domain name or address literal, validated by parsing `postmaster@<text>`.
    static func domain(_ text: String) -> MailDomain? {
        Mailbox("postmaster@" + text)?.domain
    }
}
