import PropertyBased
import Testing

@testable import SMTPCore

@Suite("DATA decoder (RFC 5321 §4.1.1.4, §4.5.2) and SMTP smuggling")
struct DataDecoderTests {
    struct Decoded: Equatable {
        var content: String
        var outcome: DataDecoder.Outcome?
        var rest: String
    }

    private func decode(_ chunks: [[UInt8]], maximumSize: UInt64? = nil, policy: BareLineEndingPolicy = .reject) -> Decoded {
        var decoder = DataDecoder(maximumSize: maximumSize, bareLineEndingPolicy: policy)
        var content = [UInt8]()
        var outcome: DataDecoder.Outcome?
        var rest = [UInt8]()
        for chunk in chunks {
            var input = chunk[...]
            if outcome == nil {
                outcome = decoder.decode(&input, into: &content)
            }
            rest += input
        }
        return Decoded(content: String(decoding: content, as: UTF8.self), outcome: outcome, rest: String(decoding: rest, as: UTF8.self))
    }

    private func decode(_ text: String, maximumSize: UInt64? = nil, policy: BareLineEndingPolicy = .reject) -> Decoded {
        decode([Array(text.utf8)], maximumSize: maximumSize, policy: policy)
    }

    @Test("ends at CRLF.CRLF and returns what follows as pipelined input")
    func endOfData() {
        let decoded = decode("Subject: hi\r\n\r\nBody\r\n.\r\nQUIT\r\n")
        #expect(decoded.content == "Subject: hi\r\n\r\nBody\r\n")
        #expect(decoded.outcome?.size == 21)
        #expect(decoded.outcome?.hasBareLineEndings == false)
        #expect(decoded.rest == "QUIT\r\n")
    }

    @Test("an empty message is just the terminator (the CRLF that ended DATA counts)")
    func emptyMessage() {
        let decoded = decode(".\r\n")
        #expect(decoded.content == "")
        #expect(decoded.outcome?.size == 0)
    }

    @Test("undoes dot-stuffing: a leading dot is removed from every line")
    func dotStuffing() {
        let decoded = decode("..\r\n...\r\n..leading\r\n.x\r\nmid.dle\r\n.\r\n")
        #expect(decoded.content == ".\r\n..\r\n.leading\r\nx\r\nmid.dle\r\n")
    }

    @Test("smuggling variants never end the data and are counted as bare line endings", arguments: [
        "\n.\n", "\r.\r", "\n.\r\n", "\r.\r\n", "\r\n.\n", "\r\n.\r", "\n.\r", "\r\n.\r.\r\n",
    ])
    func smuggling(terminator: String) {
        let text = "Subject: a\r\n\r\nfirst" + terminator + "MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n\r\nsmuggled\r\n.\r\nQUIT\r\n"
        let decoded = decode(text)
        // Only the final CRLF.CRLF ends the data: the smuggled commands are content.
        #expect(decoded.rest == "QUIT\r\n")
        #expect(decoded.content.contains("MAIL FROM:<evil@example.com>"))
        #expect(decoded.outcome?.hasBareLineEndings == true)
    }

    @Test("normalize turns bare CR and LF into CRLF without ever ending the data there")
    func normalize() {
        // ".\n.\r\n" is one line with a bare LF inside: it starts with a dot, so the dot goes.
        let decoded = decode("a\nb\rc\r\n.\n.\r\n.\r\n", policy: .normalize)
        #expect(decoded.content == "a\r\nb\r\nc\r\n\r\n.\r\n")
        #expect(decoded.outcome?.bareLineFeeds == 2)
        #expect(decoded.outcome?.bareCarriageReturns == 1)
    }

    @Test("a trailing CR before the final dot line is bare")
    func crBeforeTerminator() {
        let decoded = decode("abc\r\r\n.\r\n")
        #expect(decoded.content == "abc\r\r\n")
        #expect(decoded.outcome?.bareCarriageReturns == 1)
    }

    @Test("the same content and outcome for every way of splitting the input")
    func chunkingInvariance() {
        let text = Array("Subject: x\r\n..dots\r\nbare\nlf\r\n.\r.\r\n\r\nend\r\n.\r\nNOOP\r\n".utf8)
        let whole = decode([text])
        for split in 1..<text.count {
            #expect(decode([Array(text[..<split]), Array(text[split...])]) == whole, "split at \(split)")
        }
        #expect(decode(text.map { [$0] }) == whole)
    }

    @Test("content past the size limit is counted but not kept (552 5.3.4 follows)")
    func sizeLimit() {
        let decoded = decode("0123456789\r\nabcdef\r\n.\r\n", maximumSize: 8)
        #expect(decoded.outcome?.exceedsMaximumSize == true)
        #expect(decoded.outcome?.size == 20)
        #expect(decoded.content.utf8.count <= 8)
        let fits = decode("1234\r\n.\r\n", maximumSize: 6)
        #expect(fits.outcome?.exceedsMaximumSize == false)
    }

    @Test("lines over 1000 octets are kept byte for byte and reported (RFC 5321 §4.5.3.1.6)")
    func longLines() {
        let long = String(repeating: "z", count: 1500)
        let decoded = decode(long + "\r\nshort\r\n.\r\n")
        #expect(decoded.content == long + "\r\nshort\r\n")
        #expect(decoded.outcome?.longestLineLength == 1500)
        #expect(decoded.outcome?.hasOverlongLines == true)
        #expect(decode(String(repeating: "z", count: 998) + "\r\n.\r\n").outcome?.hasOverlongLines == false)
        #expect(decode(String(repeating: "z", count: 999) + "\r\n.\r\n").outcome?.hasOverlongLines == true)
    }

    @Test("8-bit content passes through unchanged")
    func eightBit() {
        let decoded = decode([Array("Grüße ✉ ".utf8) + [0xFF, 0x00] + Array("\r\n.\r\n".utf8)])
        #expect(Array(decoded.content.utf8.prefix(12)) == Array("Grüße ✉ ".utf8))
        #expect(decoded.outcome?.size == 16)
    }

    @Test("the same content, outcome and rest as the plain definition, octet by octet, for any input cut anywhere")
    func matchesDefinition() async {
        // Lines the fast path takes whole, and everything that must stop it: dots at a line's
        // start, bare CR and LF, CRLF cut between two reads, the end of data and what follows.
        let pieces = pick([
            "a", "Subject: x", ".", "..", "\r\n", "\n", "\r", " ", "é", "\r\n.\r\n", "\n.\n", "\r.\r", "\r\n.\n",
            "\r\n.\r", String(repeating: "x", count: 76) + "\r\n", "QUIT\r\n",
        ])
        let cases = zip(pieces.array(of: 0...40), Gen<Int>.int(in: 0...400).array(of: 0...3), pick(BareLineEndingPolicy.allCases))
        await propertyCheck(count: 1000, input: cases) { parts, cuts, policy in
            let bytes = Array(parts.joined().utf8)
            let expected = Self.definition(bytes, policy: policy)
            var chunks = [[UInt8]]()
            var start = 0
            for cut in cuts.map({ min($0, bytes.count) }).sorted() {
                chunks.append(Array(bytes[start..<max(start, cut)]))
                start = max(start, cut)
            }
            chunks.append(Array(bytes[start...]))
            let decoded = decode(chunks, policy: policy)
            #expect(Array(decoded.content.utf8) == expected.content)
            #expect(decoded.outcome == expected.outcome)
            #expect(Array(decoded.rest.utf8) == expected.rest)
        }
    }

    /// RFC 5321 §4.1.1.4 and §4.5.2 applied one octet at a time, with the decoder's counts
    /// and its policy for bare line endings: the reference for its faster paths.
    private static func definition(_ bytes: [UInt8], policy: BareLineEndingPolicy) -> (content: [UInt8], outcome: DataDecoder.Outcome?, rest: [UInt8]) {
        enum State { case lineStart, lineStartDot, lineStartDotCR, inLine, inLineCR }
        let (cr, lf, dot): (UInt8, UInt8, UInt8) = (0x0D, 0x0A, 0x2E)
        var content = [UInt8]()
        var bareCarriageReturns = 0
        var bareLineFeeds = 0
        var lineLength = 0
        var longest = 0
        func endLine() {
            content += [cr, lf]
            longest = max(longest, lineLength)
            lineLength = 0
        }
        func bare(_ byte: UInt8) {
            if policy == .normalize {
                endLine()
            } else {
                content.append(byte)
                lineLength += 1
            }
        }
        var state = State.lineStart
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .lineStart:
                if byte == dot { state = .lineStartDot } else if byte == cr { state = .inLineCR } else { state = .inLine; continue }
            case .lineStartDot:
                state = .inLine
                if byte == cr {
                    state = .lineStartDotCR
                } else if byte == dot {
                    content.append(dot)
                    lineLength += 1
                } else {
                    continue
                }
            case .lineStartDotCR:
                if byte == lf {
                    let outcome = DataDecoder.Outcome(
                        size: UInt64(content.count), exceedsMaximumSize: false, bareCarriageReturns: bareCarriageReturns,
                        bareLineFeeds: bareLineFeeds, longestLineLength: max(longest, lineLength)
                    )
                    return (content, outcome, Array(bytes[(index + 1)...]))
                }
                bareCarriageReturns += 1
                bare(cr)
                state = .inLine
                continue
            case .inLine:
                if byte == cr {
                    state = .inLineCR
                } else if byte == lf {
                    bareLineFeeds += 1
                    bare(lf)
                } else {
                    content.append(byte)
                    lineLength += 1
                }
            case .inLineCR:
                if byte == lf {
                    endLine()
                    state = .lineStart
                } else {
                    bareCarriageReturns += 1
                    bare(cr)
                    state = .inLine
                    continue
                }
            }
            index += 1
        }
        return (content, nil, [])
    }
}

@Suite("Line ending inspector (BDAT content)")
struct LineEndingInspectorTests {
    @Test("finds bare CR and LF across chunk boundaries")
    func acrossChunks() {
        var inspector = LineEndingInspector()
        inspector.inspect(Array("a\r".utf8))
        inspector.inspect(Array("\nb\r".utf8))
        inspector.inspect(Array("c\n".utf8))
        inspector.finish()
        #expect(inspector.bareCarriageReturns == 1)
        #expect(inspector.bareLineFeeds == 1)
        var trailing = LineEndingInspector()
        trailing.inspect(Array("x\r".utf8))
        trailing.finish()
        #expect(trailing.bareCarriageReturns == 1)
    }

    @Test("the end of a run is the first CR or LF from any start, for every position, octet and slice offset")
    func endOfRunMatchesDefinition() {
        // Octets around CR and LF (0x0D, 0x0A) too, which a wrong borrow in the word-wise
        // search would confuse with them.
        var mismatches: [String] = []
        for ending in [UInt8(0x0D), 0x0A] {
            for filler in [UInt8(ascii: "a"), 0x0B, 0x0C, 0x0E, 0x09, 0x00, 0x8D, 0xFF] {
                for length in 0...40 {
                    for position in [nil] + Array(0..<length) as [Int?] {
                        var bytes = [UInt8](repeating: filler, count: length + 3)
                        if let position { bytes[position + 3] = ending }
                        // Memory that starts at an odd offset, as a socket read's can.
                        let input = bytes[3...]
                        for start in stride(from: input.startIndex, through: input.endIndex, by: 1) {
                            let expected = input[start...].firstIndex { $0 == 0x0D || $0 == 0x0A } ?? input.endIndex
                            let found = input.withUnsafeBytes {
                                input.startIndex + LineEndingSearch.firstLineEnding(in: $0, from: start - input.startIndex)
                            }
                            if found != expected { mismatches.append("\(ending) in \(filler) × \(length) at \(String(describing: position)) from \(start): \(found)") }
                        }
                    }
                }
            }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(5))")
    }
}
