/// Cleaning of text that goes into a header or status field but came from elsewhere: host
/// names from configuration or DNS, the remote server's reply, identifiers from the SMTP
/// envelope.
///
/// A CR or LF would end the field and start a new one (header injection); other controls
/// confuse readers; and the delivery-status part must stay 7-bit (RFC 3464 §2.1), so
/// non-ASCII text is written in the `\x{HEX}` notation of RFC 6533 §3 there.
enum Sanitize {
    /// `text` with controls, white space and the characters that end a word or a clause
    /// (`()<>";\`) removed; `fallback` when nothing is left. For host names and IDs.
    static func word(_ text: String, fallback: String) -> String {
        let kept = text.unicodeScalars.filter { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !(scalar.isASCII && "()<>\";\\,".unicodeScalars.contains(scalar))
                && !isControl(scalar) && scalar.properties.generalCategory != .spaceSeparator
        }
        let result = String(String.UnicodeScalarView(kept))
        return result.isEmpty ? fallback : result
    }

    /// `text` with every control character (including CR, LF and tab) replaced by a space.
    static func line(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) || $0 == "\t" ? " " : $0 }))
    }

    /// `text` for a 7-bit field: printable ASCII and spaces are kept, controls become
    /// spaces, and everything else is written as `\x{HEX}` (the EmbeddedUnicodeChar of
    /// RFC 6533 §3), so no information is lost and the part stays ASCII.
    static func ascii(_ text: String) -> String {
        var result = ""
        for scalar in line(text).unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += embedded(scalar)
            }
        }
        return result
    }

    /// `\x{E9}`: RFC 6533 §3 `EmbeddedUnicodeChar`, upper-case hex, at least two digits and
    /// no leading zeros beyond that.
    static func embedded(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        if hex.count < 2 { hex = "0" + hex }
        return "\\x{\(hex)}"
    }

    /// RFC 6533 §3 `utf-8-addr-xtext`: QCHAR (printable ASCII except `+`, `=` and `\`) as
    /// itself, everything else as ``embedded(_:)``. The 7-bit form of a UTF-8 address,
    /// safe in a `message/delivery-status` part and in ORCPT without SMTPUTF8.
    static func utf8AddressXText(_ address: String) -> String {
        var result = ""
        for scalar in address.unicodeScalars {
            if scalar.value > 0x20 && scalar.value < 0x7F && scalar != "+" && scalar != "=" && scalar != "\\" {
                result.unicodeScalars.append(scalar)
            } else {
                result += embedded(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
