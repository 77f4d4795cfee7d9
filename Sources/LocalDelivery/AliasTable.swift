import Foundation
import SMTPCore

/// The recipients Postamt accepts for its local domains, and where their mail goes.
///
/// Keys of the alias map are:
/// - `user@example.org`: that address;
/// - `user`: that local part in every local domain (like `/etc/aliases`), weaker than a
///   key with a domain;
/// - `@example.org`: the catch-all of a local domain, used only when neither an alias nor
///   a mailbox matches.
///
/// Targets are `user@domain` (local or not), `user` (same domain as the address being
/// expanded) or `@domain` (same local part in another domain).
///
/// Rules:
/// - Aliases expand recursively, at most ``maximumDepth`` levels deep. An address that
///   comes back in its own expansion (a loop, including the common `info → info, bob`
///   "keep a copy" idiom) or that is reached at the depth limit is not expanded again: it
///   is delivered to its own mailbox if there is one, and otherwise dropped.
/// - Duplicates are removed, keeping the first occurrence.
/// - `postmaster@` every local domain always exists (RFC 5321 §4.5.1): an alias for it
///   wins, then an existing mailbox, then the domain's catch-all, and failing all of those
///   the mailbox named `postmaster` receives it.
/// - Domains compare case-insensitively; local parts too, as Postfix does by default
///   (both unquoted, in Unicode NFC and lower case). Local mailboxes are reported in that
///   folded form; remote addresses keep their spelling, since their local part means what
///   the remote host says.
///
/// Whether a plain local address is a mailbox is asked from `mailboxExists` (the users live
/// in a database elsewhere); it receives the folded form (`bob@example.org`).
public struct AliasTable: Sendable {
    /// The result of looking up one recipient.
    public enum Resolution: Sendable, Hashable {
        /// The address is ours. Its mail goes to these local mailboxes (folded form, for
        /// ``MailboxLocator`` and ``LocalDeliveryAgent``) and to these non-local addresses
        /// (an alias may forward elsewhere). Both lists are free of duplicates, and at
        /// least one is not empty.
        case local([Mailbox], remote: [Mailbox])
        /// The address is in one of our domains but nobody receives its mail: 550 5.1.1.
        case unknown
        /// The address is not in a local domain: whether to relay is decided elsewhere.
        case notLocal
    }

    /// How many alias levels are followed before the expansion is cut.
    public static let maximumDepth = 10

    /// The local domains, normalized, in the order given (the first one is the primary,
    /// which the bare `<Postmaster>` path refers to).
    public let localDomains: [String]
    /// Entries that were ignored, each with the reason, for the configuration check to
    /// report: unparseable addresses, keys in domains that are not local.
    public let invalidEntries: [String]

    private let localDomainSet: Set<String>
    private let exact: [MailboxKey: [AliasTarget]]
    private let everyDomain: [String: [AliasTarget]]
    private let catchAll: [String: [AliasTarget]]
    private let mailboxExists: @Sendable (Mailbox) -> Bool

    /// - Parameters:
    ///   - aliases: alias keys and their targets (see the type's documentation).
    ///   - localDomains: the domains this server delivers locally.
    ///   - mailboxExists: whether a local address (folded form) is a mailbox of its own.
    public init(
        aliases: [String: [String]],
        localDomains: [String],
        mailboxExists: @escaping @Sendable (Mailbox) -> Bool
    ) {
        var invalid: [String] = []
        var domains: [String] = []
        for text in localDomains {
            guard let domain = AliasSyntax.domain(text).map(MailboxKey.fold) else {
                invalid.append("local domain \"\(text)\": not a domain name")
                continue
            }
            if !domains.contains(domain) { domains.append(domain) }
        }
        let domainSet = Set(domains)

        var exact: [MailboxKey: [AliasTarget]] = [:]
        var everyDomain: [String: [AliasTarget]] = [:]
        var catchAll: [String: [AliasTarget]] = [:]
        // Sorted so that invalidEntries comes out in a stable order.
        for (key, values) in aliases.sorted(by: { $0.key < $1.key }) {
            let keyText = key.trimmingCharacters(in: .whitespaces)
            var targets: [AliasTarget] = []
            for value in values {
                if let target = AliasTarget(value.trimmingCharacters(in: .whitespaces)) {
                    targets.append(target)
                } else {
                    invalid.append("alias \"\(key)\": target \"\(value)\" is not an address, local part or @domain")
                }
            }
            if keyText.hasPrefix("@") {
                guard let domain = AliasSyntax.domain(String(keyText.dropFirst())).map(MailboxKey.fold) else {
                    invalid.append("alias \"\(key)\": not a domain")
                    continue
                }
                guard domainSet.contains(domain) else {
                    invalid.append("alias \"\(key)\": \(domain) is not a local domain")
                    continue
                }
                catchAll[domain, default: []] += targets
            } else if keyText.contains("@") {
                guard let mailbox = Mailbox(keyText) else {
                    invalid.append("alias \"\(key)\": not an address")
                    continue
                }
                let mailboxKey = MailboxKey(mailbox)
                guard domainSet.contains(mailboxKey.domain) else {
                    invalid.append("alias \"\(key)\": \(mailboxKey.domain) is not a local domain")
                    continue
                }
                exact[mailboxKey, default: []] += targets
            } else {
                guard let mailbox = Mailbox(keyText + "@" + AliasSyntax.placeholderDomain) else {
                    invalid.append("alias \"\(key)\": not a local part")
                    continue
                }
                everyDomain[MailboxKey(mailbox).localPart, default: []] += targets
            }
        }

        self.localDomains = domains
        self.localDomainSet = domainSet
        self.invalidEntries = invalid
        self.exact = exact
        self.everyDomain = everyDomain
        self.catchAll = catchAll
        self.mailboxExists = mailboxExists
    }

    /// Whether `domain` is one of the local domains.
    public func isLocal(_ domain: MailDomain) -> Bool {
        localDomainSet.contains(MailboxKey.fold(domain))
    }

    /// Where mail for `mailbox` goes.
    public func resolve(_ mailbox: Mailbox) -> Resolution {
        guard isLocal(mailbox.domain) else { return .notLocal }
        var expansion = Expansion()
        expand(mailbox, depth: 0, path: [], into: &expansion)
        if expansion.local.isEmpty && expansion.remote.isEmpty { return .unknown }
        return .local(expansion.local, remote: expansion.remote)
    }

    /// Where mail for a RCPT path goes; the bare `<Postmaster>` means the postmaster of
    /// the primary (first) local domain.
    public func resolve(_ path: ForwardPath) -> Resolution {
        switch path {
        case .mailbox(let mailbox):
            return resolve(mailbox)
        case .postmaster:
            guard let primary = localDomains.first else { return .unknown }
            return resolve(Mailbox(localPart: "postmaster", domain: .name(primary)))
        }
    }

    /// The ordered, duplicate-free result of an expansion.
    private struct Expansion {
        var local: [Mailbox] = []
        var remote: [Mailbox] = []
        var seenLocal: Set<MailboxKey> = []
        var seenRemote: Set<String> = []

        mutating func addLocal(_ mailbox: Mailbox) {
            if seenLocal.insert(MailboxKey(mailbox)).inserted { local.append(mailbox) }
        }

        /// Remote local parts are compared exactly: only the remote host may fold them.
        mutating func addRemote(_ mailbox: Mailbox) {
            if seenRemote.insert(mailbox.localPart + "@" + MailboxKey.fold(mailbox.domain)).inserted { remote.append(mailbox) }
        }
    }

    /// Expands `address` depth first. `path` holds the keys being expanded above this one
    /// (and `@domain` for a catch-all in use), which is how loops are recognized.
    private func expand(_ address: Mailbox, depth: Int, path: Set<MailboxKey>, into expansion: inout Expansion) {
        let key = MailboxKey(address)
        guard localDomainSet.contains(key.domain) else {
            expansion.addRemote(address)
            return
        }
        let mayExpand = depth < Self.maximumDepth && !path.contains(key)
        if mayExpand, let targets = exact[key] ?? everyDomain[key.localPart] {
            let innerPath = path.union([key])
            for target in targets {
                expand(target.address(expanding: address), depth: depth + 1, path: innerPath, into: &expansion)
            }
            return
        }
        let canonical = address.canonical
        if mailboxExists(canonical) {
            expansion.addLocal(canonical)
            return
        }
        let catchAllKey = MailboxKey(localPart: "", domain: key.domain)
        if mayExpand, !path.contains(catchAllKey), let targets = catchAll[key.domain] {
            let innerPath = path.union([key, catchAllKey])
            for target in targets {
                expand(target.address(expanding: address), depth: depth + 1, path: innerPath, into: &expansion)
            }
            return
        }
        if key.localPart == "postmaster" {
            expansion.addLocal(canonical)
        }
    }
}
