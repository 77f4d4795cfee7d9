import Testing

@testable import SMTPCore

@Suite("Line decoder")
struct LineDecoderTests {
    private func lines(_ chunks: [String], limit: Int = 512) -> [LineDecoder.Line] {
        var decoder = LineDecoder(maximumLineLength: limit)
        var result = [LineDecoder.Line]()
        for chunk in chunks {
            var input = Array(chunk.utf8)[...]
            while !input.isEmpty, let line = decoder.decodeLine(&input) { result.append(line) }
        }
        return result
    }

    @Test("splits at CRLF and at bare LF, keeping a lone CR in the line")
    func splits() {
        #expect(lines(["EHLO a\r\nNOOP\nRSET\r", "\nX\rY\r\n"]) == [
            .line(Array("EHLO a".utf8)), .line(Array("NOOP".utf8)), .line(Array("RSET".utf8)), .line(Array("X\rY".utf8)),
        ])
    }

    @Test("gives the same lines however the input is split")
    func chunkingInvariance() {
        let text = "EHLO a\r\nMAIL FROM:<a@b>\r\n\r\nQUIT\r\n"
        let whole = lines([text])
        let bytes = Array(text)
        for split in 1..<bytes.count {
            #expect(lines([String(bytes[..<split]), String(bytes[split...])]) == whole)
        }
        #expect(lines(bytes.map { String($0) }) == whole)
    }

    @Test("an over-long line is dropped up to its LF and reported once, then decoding goes on")
    func tooLong() {
        let long = String(repeating: "x", count: 600)
        #expect(lines([long, long, "\r\nNOOP\r\n"]) == [.tooLong, .line(Array("NOOP".utf8))])
        // 510 octets + CRLF = 512 fits; 511 does not.
        #expect(lines([String(repeating: "y", count: 510) + "\r\n"]) == [.line(Array(repeating: 0x79, count: 510))])
        #expect(lines([String(repeating: "y", count: 511) + "\r\n"]) == [.tooLong])
        #expect(lines([String(repeating: "y", count: 511) + "\n"]) == [.tooLong])
    }
}
