import PropertyBased
import Testing

@testable import SMTPCore

@Suite("Base64 (RFC 4648 §4) and xtext (RFC 3461 §4)")
struct EncodingTests {
    @Test("RFC 4648 §10 test vectors")
    func vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test("strict decoding refuses anything else", arguments: ["Zg=", "Zg", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zm9v\r\n", "=Zm9", "Zg==Zg==", "Zm9v!"])
    func strict(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("decode(encode(bytes)) == bytes")
    func roundTrip() async {
        await propertyCheck(input: Gen<UInt8>.uint8().array(of: 0...64)) { bytes in
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test("xtext encodes +, = and non-printables as +HH and decodes back")
    func xtext() {
        #expect(XText.encode("e=mc2+x y") == "e+3Dmc2+2Bx+20y")
        #expect(XText.decode(Array("e+3Dmc2".utf8)) == "e=mc2")
        #expect(XText.decode(Array("bad+3d".utf8)) == nil)
        #expect(XText.decode(Array("bad+3".utf8)) == nil)
        #expect(XText.decode(Array("a=b".utf8)) == nil)
    }
}
