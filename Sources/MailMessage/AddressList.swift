/// The addresses in an address-list header field (To:, Cc:, Bcc:, RFC 5322 §3.4), for
/// `sendmail -t`: display names, comments and group names are dropped, `<…>` and bare
/// addresses kept, in order.
public enum AddressList {
    public static func addresses(in value: String) -> [String] {
        var addresses: [String] = []
        var current = ""
        var angle: String?
        var inQuotes = false
        var commentDepth = 0
        var escaped = false
        func finish() {
            let candidate = (angle ?? current).trimmingCharacters(in: " \t")
            if !candidate.isEmpty, candidate.contains("@") || angle != nil { addresses.append(candidate) }
            current = ""
            angle = nil
        }
        for character in value {
            if escaped {
                escaped = false
                if angle != nil { angle!.append(character) } else { current.append(character) }
                continue
            }
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 } else if character == ")" { commentDepth -= 1 } else if character == "\\" { escaped = true }
                continue
            }
            if inQuotes {
                if character == "\\" { escaped = true } else if character == "\"" { inQuotes = false }
                // A quoted display name is dropped; a quoted local part stays in the address.
                if angle != nil { angle!.append(character) } else { current.append(character) }
                continue
            }
            switch character {
            case "\"":
                inQuotes = true
                if angle != nil { angle!.append(character) } else { current.append(character) }
            case "(":
                commentDepth = 1
            case "<":
                angle = ""
            case ">":
                if let address = angle {
                    current = ""
                    angle = address
                    finish()
                }
            case ",", ";":
                finish()
            case ":":
                // A group's name ends here (`Team: a@x, b@y;`).
                if angle == nil { current = "" } else { angle!.append(character) }
            default:
                if angle != nil { angle!.append(character) } else { current.append(character) }
            }
        }
        finish()
        // A bare address may carry a display name that had no angle brackets only when it is
        // one word; drop what cannot be an address.
        return addresses.map { address in
            guard !address.hasPrefix("\"") else { return address }
            return address.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.map(String.init) ?? address
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
