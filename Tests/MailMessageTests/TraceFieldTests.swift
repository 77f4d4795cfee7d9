import SMTPCore
import Testing

@testable import MailMessage

@Suite("Return-Path and Delivered-To (RFC 5321 §4.4)")
struct TraceFieldTests {
    @Test("Return-Path carries the reverse-path in angle brackets, <> for bounces")
    func returnPath() throws {
        let sender = try #require(Mailbox("a@b.example"))
        #expect(ReturnPath.field(.mailbox(sender)) == "Return-Path: <a@b.example>\r\n")
        #expect(ReturnPath.field(.null) == "Return-Path: <>\r\n")
    }

    @Test("Return-Path keeps a quoted local part as it is")
    func quoted() throws {
        let sender = try #require(Mailbox("\"john doe\"@example.org"))
        #expect(ReturnPath.field(.mailbox(sender)) == "Return-Path: <\"john doe\"@example.org>\r\n")
    }

    @Test("Delivered-To names the mailbox as Postfix writes it")
    func deliveredTo() throws {
        #expect(DeliveredTo.field(try #require(Mailbox("user@example.org"))) == "Delivered-To: user@example.org\r\n")
    }

    @Test("a mailbox built without the parser cannot inject a line")
    func injection() {
        let hostile = Mailbox(localPart: "a\r\nBcc: x", domain: .name("example.org"))
        #expect(ReturnPath.field(.mailbox(hostile)) == "Return-Path: <aBcc: x@example.org>\r\n")
        #expect(DeliveredTo.field(hostile) == "Delivered-To: aBcc: x@example.org\r\n")
    }
}
