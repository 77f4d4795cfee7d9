import PropertyBased
import Testing

@testable import SMTPCore

@Suite("DATA encoder: dot-stuffing and line endings (RFC 5321 §4.5.2, §2.3.8)")
struct DataEncoderTests {
    @Test("encoded content and its SIZE", arguments: [
        ("", ".\r\n", 0),
        ("a", "a\r\n.\r\n", 3),
        ("a\r\n", "a\r\n.\r\n", 3),
        ("\r\n", "\r\n.\r\n", 2),
        (".", "..\r\n.\r\n", 3),
        (".\r\n", "..\r\n.\r\n", 3),
        ("..\r\n.x\r\nmid.dle.\r\n", "...\r\n..x\r\nmid.dle.\r\n.\r\n", 18),
        ("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n", 9),
        ("a\r.\rb", "a\r\n..\r\nb\r\n.\r\n", 9),
        ("a\r\n.\n", "a\r\n..\r\n.\r\n", 6),
        ("\r\r\n", "\r\n\r\n.\r\n", 4),
        ("\n\r", "\r\n\r\n.\r\n", 4),
        ("x\r\n\r\n.\r\n", "x\r\n\r\n..\r\n.\r\n", 8),
    ])
    func encode(content: String, wire: String, size: Int) {
        let encoded = DataEncoder.encode(Array(content.utf8))
        #expect(encoded.bytes.clientText == wire)
        #expect(encoded.messageSize == UInt64(size))
        #expect(DataEncoder.normalized(Array(content.utf8)).count == size)
    }

    @Test("content that needs nothing done is sent from its own storage, not a copy")
    func canonicalContentIsNotCopied() {
        let content = Array("Subject: x\r\n\r\nbody.\r\n a . line\r\n".utf8)
        let encoded = DataEncoder.encode(content)
        #expect(encoded.bytes.clientText == "Subject: x\r\n\r\nbody.\r\n a . line\r\n.\r\n")
        let shared = content.withUnsafeBufferPointer { original in
            encoded.body.withUnsafeBufferPointer { $0.baseAddress == original.baseAddress }
        }
        #expect(shared)
        // A line that starts with a dot, or ends without CRLF, needs a copy of its own.
        for changed in ["Subject: x\r\n.hidden\r\n", "Subject: x\r\nno end", "bare\nLF\r\n"] {
            let changedContent = Array(changed.utf8)
            let copy = DataEncoder.encode(changedContent)
            let isShared = changedContent.withUnsafeBufferPointer { original in
                copy.body.withUnsafeBufferPointer { $0.baseAddress == original.baseAddress }
            }
            #expect(!isShared, "\(changed.debugDescription)")
            #expect(copy == Self.definition(changedContent))
        }
    }

    @Test("the server's DataDecoder reads back exactly the normalised content, with no bare CR or LF and the same size")
    func roundTrip() async {
        let pieces = pick(["a", "Subject: x", ".", "..", "\r\n", "\n", "\r", " ", "é", "\r\n.\r\n", "\n.\n", "\r.\r", "\r\n.\n", "\u{7F}"])
        await propertyCheck(count: 500, input: pieces.array(of: 0...40)) { parts in
            let content = Array(parts.joined().utf8)
            let encoded = DataEncoder.encode(content)
            var decoder = DataDecoder(maximumSize: nil, bareLineEndingPolicy: .reject)
            var input = encoded.bytes[...]
            var decoded = [UInt8]()
            let outcome = decoder.decode(&input, into: &decoded)
            #expect(input.isEmpty, "the data ended early: \(encoded.bytes.clientText.debugDescription)")
            #expect(decoded == DataEncoder.normalized(content))
            #expect(outcome?.hasBareLineEndings == false)
            #expect(outcome?.size == encoded.messageSize)
        }
    }

    @Test("the same octets as the plain definition, one octet at a time, for any content; also from a non-contiguous collection")
    func matchesDefinition() async {
        // Long runs too, which the encoder searches eight octets at a time.
        let pieces = pick(["a", "bc", ".", "..", "\r\n", "\n", "\r", "\r\r\n", "\n\r", " ", "é", "\r\n.\r\n", "Subject: seventeen", "\u{8D}\u{0B}\u{0C}\u{0E}"])
        await propertyCheck(count: 500, input: pieces.array(of: 0...30)) { parts in
            let content = Array(parts.joined().utf8)
            let expected = Self.definition(content)
            #expect(DataEncoder.encode(content) == expected)
            #expect(DataEncoder.encode(content.lazy.map { $0 }) == expected)
        }
    }

    /// RFC 5321 §4.5.2 and §2.3.8 spelled out octet by octet: the reference for the
    /// encoder's faster loop.
    private static func definition(_ content: [UInt8]) -> DataEncoder.Encoded {
        var output = [UInt8]()
        var stuffedDots: UInt64 = 0
        var isAtLineStart = true
        var afterCR = false
        for byte in content {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                output += [0x0D, 0x0A]
                isAtLineStart = true
                afterCR = true
            case 0x0A:
                output += [0x0D, 0x0A]
                isAtLineStart = true
            default:
                if byte == 0x2E && isAtLineStart {
                    output.append(0x2E)
                    stuffedDots += 1
                }
                output.append(byte)
                isAtLineStart = false
            }
        }
        if !isAtLineStart { output += [0x0D, 0x0A] }
        return DataEncoder.Encoded(body: output, messageSize: UInt64(output.count) - stuffedDots)
    }
}
