import Testing

@testable import SMTPCore

@Suite("A message to send")
struct OutgoingMessageTests {
    private func message(_ content: [UInt8]) -> OutgoingMessage {
        OutgoingMessage(reversePath: .null, recipients: [Envelope.Recipient(forwardPath: .mailbox(Mailbox("a@example.test")!))], content: content)
    }

    @Test("eight-bit content is found wherever its one octet above 127 is, and not in ASCII content of any length")
    func eightBitContent() {
        for length in 0..<40 {
            let ascii = [UInt8](repeating: UInt8(ascii: "x"), count: length)
            #expect(!message(ascii).hasEightBitContent, "length \(length)")
            for position in 0..<length {
                var content = ascii
                content[position] = 0x80
                #expect(message(content).hasEightBitContent, "length \(length), position \(position)")
                content[position] = 0xFF
                #expect(message(content).hasEightBitContent, "length \(length), position \(position)")
            }
        }
        #expect(!message([0x7F, 0x00, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F]).hasEightBitContent)
    }
}
