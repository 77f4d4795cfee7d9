import SMTPCore
import Testing

@testable import LocalDelivery

@Suite("Alias table: expansion, catch-all, postmaster (RFC 5321 §4.5.1)")
struct AliasTableTests {
    /// The mailboxes that exist, in the folded form the table asks about.
    static let mailboxes: Set<String> = ["alice@example.org", "bob@example.org", "carol@example.net", "catchall@example.org"]

    private func table(_ aliases: [String: [String]], domains: [String] = ["example.org", "example.net"]) -> AliasTable {
        AliasTable(aliases: aliases, localDomains: domains) { Self.mailboxes.contains($0.description) }
    }

    private func local(_ addresses: String...) -> AliasTable.Resolution {
        .local(addresses.map { Mailbox($0)! }, remote: [])
    }

    private func mailbox(_ text: String) -> Mailbox { Mailbox(text)! }

    @Test("a plain mailbox resolves to itself; an unknown address is unknown")
    func plain() {
        let aliases = table([:])
        #expect(aliases.resolve(mailbox("alice@example.org")) == local("alice@example.org"))
        #expect(aliases.resolve(mailbox("nobody@example.org")) == .unknown)
    }

    @Test("an exact alias expands to its targets")
    func exact() {
        let aliases = table(["info@example.org": ["alice@example.org"]])
        #expect(aliases.resolve(mailbox("info@example.org")) == local("alice@example.org"))
        #expect(aliases.resolve(mailbox("info@example.net")) == .unknown)
    }

    @Test("aliases expand recursively; duplicates are removed and the order kept")
    func recursive() {
        let aliases = table([
            "team@example.org": ["info@example.org", "bob"],
            "info@example.org": ["alice@example.org"],
            "all@example.org": ["bob", "team@example.org", "Alice@Example.ORG", "carol@example.net"],
        ])
        #expect(aliases.resolve(mailbox("team@example.org")) == local("alice@example.org", "bob@example.org"))
        #expect(
            aliases.resolve(mailbox("all@example.org"))
                == local("bob@example.org", "alice@example.org", "carol@example.net")
        )
    }

    @Test("a loop is cut: the address that comes back is not expanded again")
    func loop() {
        let aliases = table([
            "a@example.org": ["b@example.org"],
            "b@example.org": ["a@example.org", "bob"],
            "x@example.org": ["y@example.org"],
            "y@example.org": ["x@example.org"],
        ])
        #expect(aliases.resolve(mailbox("a@example.org")) == local("bob@example.org"))
        #expect(aliases.resolve(mailbox("b@example.org")) == local("bob@example.org"))
        // A loop that reaches nobody must not swallow mail: the address is unknown.
        #expect(aliases.resolve(mailbox("x@example.org")) == .unknown)
    }

    @Test("an alias that names itself keeps a copy in its own mailbox")
    func keepCopy() {
        let aliases = table(["alice@example.org": ["alice@example.org", "alice.private@remote.example"]])
        #expect(
            aliases.resolve(mailbox("alice@example.org"))
                == .local([mailbox("alice@example.org")], remote: [mailbox("alice.private@remote.example")])
        )
    }

    @Test("expansion stops at depth 10")
    func depthLimit() {
        var chain: [String: [String]] = [:]
        for level in 0..<20 { chain["l\(level)@example.org"] = ["l\(level + 1)@example.org"] }
        let aliases = AliasTable(aliases: chain, localDomains: ["example.org"]) { _ in true }
        #expect(AliasTable.maximumDepth == 10)
        #expect(aliases.resolve(mailbox("l0@example.org")) == local("l10@example.org"))
        #expect(aliases.resolve(mailbox("l15@example.org")) == local("l20@example.org"))
    }

    @Test("the catch-all is used only when no alias or mailbox matches")
    func catchAll() {
        let aliases = table([
            "@example.org": ["catchall@example.org"],
            "info@example.org": ["alice@example.org"],
        ])
        #expect(aliases.resolve(mailbox("info@example.org")) == local("alice@example.org"))
        #expect(aliases.resolve(mailbox("bob@example.org")) == local("bob@example.org"))
        #expect(aliases.resolve(mailbox("anything@example.org")) == local("catchall@example.org"))
        #expect(aliases.resolve(mailbox("anything@example.net")) == .unknown)
    }

    @Test("a catch-all may map a whole domain onto another, or onto a local part")
    func domainAlias() {
        let aliases = table(["@example.net": ["@example.org"], "@example.org": ["nobody-here"]])
        #expect(aliases.resolve(mailbox("bob@example.net")) == local("bob@example.org"))
        #expect(aliases.resolve(mailbox("carol@example.net")) == local("carol@example.net"))
        // unknown@example.net → unknown@example.org → catch-all → nobody-here, which does not exist.
        #expect(aliases.resolve(mailbox("unknown@example.net")) == .unknown)
    }

    @Test("a catch-all that leads back into itself ends")
    func catchAllLoop() {
        let aliases = table(["@example.org": ["@example.org"]])
        #expect(aliases.resolve(mailbox("ghost@example.org")) == .unknown)
        #expect(aliases.resolve(mailbox("bob@example.org")) == local("bob@example.org"))
    }

    @Test("postmaster exists in every local domain, in any case, and <Postmaster> means the primary domain")
    func postmaster() {
        let aliases = table([:])
        #expect(aliases.resolve(mailbox("postmaster@example.org")) == local("postmaster@example.org"))
        #expect(aliases.resolve(mailbox("PostMaster@EXAMPLE.NET")) == local("postmaster@example.net"))
        #expect(aliases.resolve(ForwardPath.postmaster) == local("postmaster@example.org"))
        #expect(aliases.resolve(mailbox("postmaster@remote.example")) == .notLocal)
    }

    @Test("postmaster follows a configured alias: per domain, or for all domains at once")
    func postmasterAlias() {
        let aliases = table([
            "postmaster": ["alice@example.org"],
            "postmaster@example.net": ["carol@example.net"],
        ])
        #expect(aliases.resolve(mailbox("postmaster@example.org")) == local("alice@example.org"))
        #expect(aliases.resolve(mailbox("postmaster@example.net")) == local("carol@example.net"))
        #expect(aliases.resolve(ForwardPath.postmaster) == local("alice@example.org"))
    }

    @Test("postmaster goes to the catch-all before the default mailbox")
    func postmasterCatchAll() {
        let aliases = table(["@example.org": ["catchall"]])
        #expect(aliases.resolve(mailbox("postmaster@example.org")) == local("catchall@example.org"))
        #expect(aliases.resolve(mailbox("postmaster@example.net")) == local("postmaster@example.net"))
    }

    @Test("domains and local parts compare case-insensitively; local results are folded")
    func caseInsensitive() {
        let aliases = table(["Info@Example.ORG": ["BOB"]])
        #expect(aliases.resolve(mailbox("iNFO@example.org")) == local("bob@example.org"))
        #expect(aliases.resolve(mailbox("ALICE@EXAMPLE.ORG")) == local("alice@example.org"))
        #expect(aliases.resolve(mailbox("\"alice\"@example.org")) == local("alice@example.org"))
        #expect(aliases.isLocal(.name("Example.NET")))
    }

    @Test("UTF-8 domains and local parts (RFC 6531) fold too, whatever the case and normalization")
    func unicode() {
        let aliases = AliasTable(aliases: ["Jörg@BÜCHER.example": ["jörg.müller"]], localDomains: ["bücher.example"]) {
            $0.description == "jörg.müller@bücher.example"
        }
        #expect(aliases.resolve(mailbox("JO\u{308}RG@bu\u{308}cher.example")) == local("jörg.müller@bücher.example"))
        #expect(aliases.resolve(mailbox("Jörg.Müller@Bücher.example")) == local("jörg.müller@bücher.example"))
    }

    @Test("mailboxExists is asked with the folded address")
    func foldedQuestion() {
        let aliases = AliasTable(aliases: [:], localDomains: ["Example.ORG"]) { $0.description == "alice@example.org" }
        #expect(aliases.resolve(mailbox("Alice@Example.Org")) == local("alice@example.org"))
        #expect(aliases.localDomains == ["example.org"])
    }

    @Test("aliases may forward outside; remote addresses keep their spelling")
    func remoteTargets() {
        let aliases = table([
            "fwd@example.org": ["Someone@Remote.Example", "Someone@remote.example", "someone@remote.example", "alice"],
        ])
        #expect(
            aliases.resolve(mailbox("fwd@example.org"))
                == .local(
                    [mailbox("alice@example.org")],
                    remote: [mailbox("Someone@Remote.Example"), mailbox("someone@remote.example")]
                )
        )
    }

    @Test("an alias forwarding only elsewhere is still a known address")
    func onlyRemote() {
        let aliases = table(["away@example.org": ["me@remote.example"]])
        #expect(aliases.resolve(mailbox("away@example.org")) == .local([], remote: [mailbox("me@remote.example")]))
    }

    @Test("addresses outside the local domains are not local, whatever the aliases say")
    func notLocal() {
        let aliases = table(["x@remote.example": ["alice@example.org"]])
        #expect(aliases.resolve(mailbox("x@remote.example")) == .notLocal)
        #expect(aliases.invalidEntries == ["alias \"x@remote.example\": remote.example is not a local domain"])
    }

    @Test("invalid entries are ignored and reported")
    func invalidEntries() {
        let aliases = table([
            "bad key@example.org": ["alice"],
            "ok@example.org": ["alice", "not an address!", "bob"],
            "@not a domain": ["alice"],
        ])
        #expect(aliases.resolve(mailbox("ok@example.org")) == local("alice@example.org", "bob@example.org"))
        #expect(aliases.invalidEntries.count == 3)
        #expect(aliases.invalidEntries.contains { $0.contains("not an address!") })
    }
}
