/// Parsers for RFC 5321 §4.1.2 paths, mailboxes and domains, over raw bytes.
///
/// UTF-8 is accepted in local parts and domains (RFC 6531 §3.3); whether the transaction
/// may carry it is decided by the caller, which knows about the SMTPUTF8 parameter.
enum PathParser {
    static let maximumLocalPartLength = 64
    static let maximumDomainLength = 255
    static let maximumPathLength = 256
    private static let maximumLabelLength = 63

    /// Parses a path at the start of `bytes`, returning it and the unparsed rest.
    ///
    /// `<>` gives `nil` for the mailbox. A path without angle brackets is accepted when
    /// `lenient` is set, as Postfix and others do for old clients; it then ends at the
    /// first space.
    static func parsePath(
        _ bytes: ArraySlice<UInt8>,
        lenient: Bool = true
    ) -> Result<(mailbox: Mailbox?, postmaster: Bool, rest: ArraySlice<UInt8>), PathSyntaxError> {
        guard let first = bytes.first else { return .failure(.emptyPath) }
        let inner: ArraySlice<UInt8>
        let rest: ArraySlice<UInt8>
        if first == ASCII.lessThan {
            guard let close = closingBracket(bytes) else { return .failure(.missingAngleBrackets) }
            inner = bytes[bytes.index(after: bytes.startIndex)..<close]
            rest = bytes[bytes.index(after: close)...]
            if close - bytes.startIndex + 1 > maximumPathLength { return .failure(.pathTooLong) }
        } else {
            guard lenient else { return .failure(.missingAngleBrackets) }
            let end = bytes.firstIndex(of: ASCII.space) ?? bytes.endIndex
            inner = bytes[..<end]
            rest = bytes[end...]
            if inner.count + 2 > maximumPathLength { return .failure(.pathTooLong) }
        }
        if inner.isEmpty { return .success((nil, false, rest)) }
        if ASCII.equalsIgnoringCase(inner, "postmaster") { return .success((nil, true, rest)) }

        var mailboxBytes = inner
        if inner.first == ASCII.at {
            // A source route (A-d-l ":"), which RFC 5321 §4.1.1.3 says to accept and ignore.
            guard let colon = inner.firstIndex(of: ASCII.colon) else { return .failure(.invalidSourceRoute) }
            for hop in inner[..<colon].split(separator: ASCII.comma, omittingEmptySubsequences: false) {
                guard hop.first == ASCII.at, case .success = parseDomain(hop.dropFirst(), allowLiteral: true) else {
                    return .failure(.invalidSourceRoute)
                }
            }
            mailboxBytes = inner[inner.index(after: colon)...]
        }
        switch parseMailbox(mailboxBytes) {
        case .success(let mailbox): return .success((mailbox, false, rest))
        case .failure(let error): return .failure(error)
        }
    }

    /// Finds the `>` that closes a path, skipping over a quoted local part.
    private static func closingBracket(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>.Index? {
        var inQuotes = false
        var escaped = false
        for index in bytes.indices.dropFirst() {
            let byte = bytes[index]
            if escaped {
                escaped = false
            } else if inQuotes && byte == ASCII.backslash {
                escaped = true
            } else if byte == ASCII.quote {
                inQuotes.toggle()
            } else if !inQuotes && byte == ASCII.greaterThan {
                return index
            }
        }
        return nil
    }

    /// Parses `Local-part "@" ( Domain / address-literal )` covering all of `bytes`.
    static func parseMailbox(_ bytes: ArraySlice<UInt8>) -> Result<Mailbox, PathSyntaxError> {
        guard !bytes.isEmpty else { return .failure(.emptyPath) }
        guard let localEnd = localPartEnd(bytes) else { return .failure(.invalidLocalPart) }
        let local = bytes[..<localEnd]
        guard localEnd < bytes.endIndex, bytes[localEnd] == ASCII.at else {
            return .failure(localEnd == bytes.endIndex ? .missingAtSign : .invalidLocalPart)
        }
        if local.count > maximumLocalPartLength { return .failure(.localPartTooLong) }
        guard let localText = String(validating: local, as: UTF8.self) else { return .failure(.notUTF8) }
        switch parseDomain(bytes[(localEnd + 1)...], allowLiteral: true) {
        case .success(let domain): return .success(Mailbox(localPart: localText, domain: domain))
        case .failure(let error): return .failure(error)
        }
    }

    /// Returns the index just after a valid local part at the start of `bytes`, or nil.
    private static func localPartEnd(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>.Index? {
        var index = bytes.startIndex
        if bytes[index] == ASCII.quote {
            // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
            index += 1
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == ASCII.quote { return index + 1 }
                if byte == ASCII.backslash {
                    // quoted-pairSMTP = %d92 %d32-126
                    guard index + 1 < bytes.endIndex, (0x20...0x7E).contains(bytes[index + 1]) else { return nil }
                    index += 2
                    continue
                }
                // qtextSMTP = %d32-33 / %d35-91 / %d93-126, plus UTF8-non-ascii (RFC 6531)
                guard byte >= 0x20 && byte != 0x7F else { return nil }
                index += 1
            }
            return nil
        }
        // Dot-string = Atom *("." Atom)
        var atomLength = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == ASCII.at { break }
            if byte == ASCII.dot {
                guard atomLength > 0 else { return nil }
                atomLength = 0
            } else if ASCII.isAtext(byte) || byte >= 0x80 {
                atomLength += 1
            } else {
                return nil
            }
            index += 1
        }
        return atomLength > 0 ? index : nil
    }

    /// Parses a domain or, when allowed, an address literal covering all of `bytes`.
    static func parseDomain(_ bytes: ArraySlice<UInt8>, allowLiteral: Bool) -> Result<MailDomain, PathSyntaxError> {
        guard let first = bytes.first else { return .failure(.invalidDomain) }
        if first == ASCII.openBracket {
            guard allowLiteral, let literal = parseAddressLiteral(bytes) else { return .failure(.invalidAddressLiteral) }
            return .success(.addressLiteral(literal))
        }
        if bytes.count > maximumDomainLength { return .failure(.domainTooLong) }
        // sub-domain = Let-dig [Ldh-str]; U-labels are sequences of UTF-8 here.
        var labelLength = 0
        var previous: UInt8 = ASCII.dot
        for byte in bytes {
            if byte == ASCII.dot {
                guard labelLength > 0, previous != ASCII.hyphen else { return .failure(.invalidDomain) }
                labelLength = 0
            } else if ASCII.isAlphaNumeric(byte) || byte >= 0x80 || (byte == ASCII.hyphen && labelLength > 0) {
                labelLength += 1
                if labelLength > maximumLabelLength { return .failure(.invalidDomain) }
            } else {
                return .failure(.invalidDomain)
            }
            previous = byte
        }
        guard labelLength > 0, previous != ASCII.hyphen else { return .failure(.invalidDomain) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(.name(text))
    }

    /// address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]"
    static func parseAddressLiteral(_ bytes: ArraySlice<UInt8>) -> AddressLiteral? {
        guard bytes.count >= 3, bytes.first == ASCII.openBracket, bytes.last == ASCII.closeBracket else { return nil }
        let inner = bytes.dropFirst().dropLast()
        guard inner.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != ASCII.openBracket && $0 != ASCII.closeBracket && $0 != ASCII.backslash }) else { return nil }
        let text = String(decoding: inner, as: UTF8.self)
        if IPAddressSyntax.isIPv4(inner) { return .ipv4(text) }
        guard let colon = inner.firstIndex(of: ASCII.colon) else { return nil }
        let tag = inner[..<colon]
        let content = inner[(colon + 1)...]
        if ASCII.equalsIgnoringCase(tag, "IPv6") {
            return IPAddressSyntax.isIPv6(content) ? .ipv6(String(decoding: content, as: UTF8.self)) : nil
        }
        // Standardized-tag = Ldh-str; dcontent = %d33-90 / %d94-126
        guard let last = tag.last, ASCII.isAlphaNumeric(last),
            tag.allSatisfy({ ASCII.isAlphaNumeric($0) || $0 == ASCII.hyphen }), !content.isEmpty
        else { return nil }
        return .general(tag: String(decoding: tag, as: UTF8.self), content: String(decoding: content, as: UTF8.self))
    }
}

/// The IPv4 and IPv6 address forms of RFC 5321 §4.1.3.
enum IPAddressSyntax {
    /// Snum 3("." Snum), Snum = 1*3DIGIT with a value 0–255.
    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(ASCII.isDigit) else { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return false }
        }
        return true
    }

    /// IPv6-full, IPv6-comp, IPv6v4-full and IPv6v4-comp. `::` may stand for one or more
    /// zero groups (RFC 4291 §2.2); RFC 5321 asks for at least two, which is not enforced.
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        let text = Array(bytes)
        var compression: Int? = nil
        for index in 0..<(text.count - 1) where text[index] == ASCII.colon && text[index + 1] == ASCII.colon {
            guard compression == nil else { return false }
            compression = index
        }
        func groupCount(_ part: ArraySlice<UInt8>, mayEndInIPv4: Bool) -> Int? {
            if part.isEmpty { return 0 }
            var groups = part.split(separator: ASCII.colon, omittingEmptySubsequences: false)
            var count = 0
            if mayEndInIPv4, let last = groups.last, last.contains(ASCII.dot) {
                guard isIPv4(last) else { return nil }
                groups.removeLast()
                count = 2
            }
            guard groups.allSatisfy(isHexGroup) else { return nil }
            return count + groups.count
        }
        guard let compression else {
            return groupCount(text[...], mayEndInIPv4: true) == 8
        }
        guard let left = groupCount(text[..<compression], mayEndInIPv4: false),
            let right = groupCount(text[(compression + 2)...], mayEndInIPv4: true)
        else { return false }
        return left + right <= 7
    }

    private static func isHexGroup(_ group: ArraySlice<UInt8>) -> Bool {
        (1...4).contains(group.count) && group.allSatisfy(ASCII.isHexDigit)
    }
}
