import Foundation
import SMTPCore
import Testing

@testable import LocalDelivery

@Suite("Mailbox locations: root/<domain>/<local part>")
struct MailboxLocatorTests {
    let root = URL(fileURLWithPath: "/var/mail/postamt", isDirectory: true)

    @Test("folds domain and local part to lower case, unquotes and uses NFC", arguments: [
        ("alice@example.org", "example.org/alice"),
        ("Alice@Example.ORG", "example.org/alice"),
        ("\"alice\"@example.org", "example.org/alice"),
        ("\"John Doe\"@example.org", "example.org/john doe"),
        ("first.last+tag@example.org", "example.org/first.last+tag"),
        ("Jörg@Bücher.example", "bücher.example/jörg"),
        ("JÖRG@BÜCHER.example", "bücher.example/jörg"),
        ("Jo\u{308}rg@example.org", "example.org/jörg"),
        ("user@[192.0.2.1]", "[192.0.2.1]/user"),
    ])
    func location(address: String, relativePath: String) throws {
        let mailbox = try #require(Mailbox(address))
        let directory = try #require(MailboxLocator(root: root).directory(for: mailbox))
        #expect(directory.path == root.path + "/" + relativePath)
        #expect(MailboxLocator(root: root).maildir(for: mailbox)?.directory == directory)
    }

    @Test("refuses addresses that could leave the root or hide in it", arguments: [
        ("\"..\"@example.org", "dot-dot local part"),
        ("\".\"@example.org", "dot local part"),
        ("\"../../etc\"@example.org", "climbing local part"),
        ("\"a/b\"@example.org", "slash in local part"),
        ("\".hidden\"@example.org", "leading dot"),
        ("\"\"@example.org", "empty local part"),
    ])
    func refusesParsed(address: String, reason: String) throws {
        let mailbox = try #require(Mailbox(address), "\(reason) should parse as RFC 5321 syntax")
        #expect(MailboxLocator(root: root).directory(for: mailbox) == nil, "\(reason)")
        #expect(MailboxLocator(root: root).maildir(for: mailbox) == nil)
    }

    @Test("refuses unparsed mailboxes with dangerous parts", arguments: [
        Mailbox(localPart: "a", domain: .name("..")),
        Mailbox(localPart: "a", domain: .name("../etc")),
        Mailbox(localPart: "a", domain: .name("")),
        Mailbox(localPart: "a", domain: .name(".example.org")),
        Mailbox(localPart: "", domain: .name("example.org")),
        Mailbox(localPart: "..", domain: .name("example.org")),
        Mailbox(localPart: "a\u{0}b", domain: .name("example.org")),
        Mailbox(localPart: "a\nb", domain: .name("example.org")),
        Mailbox(localPart: "a\u{7F}", domain: .name("example.org")),
        Mailbox(localPart: "a\u{85}b", domain: .name("example.org")),
        Mailbox(localPart: "a/b", domain: .name("example.org")),
        Mailbox(localPart: String(repeating: "x", count: 256), domain: .name("example.org")),
    ])
    func refusesConstructed(mailbox: Mailbox) {
        #expect(MailboxLocator(root: root).directory(for: mailbox) == nil)
    }
}
