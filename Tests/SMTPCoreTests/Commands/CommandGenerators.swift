import PropertyBased

@testable import SMTPCore

/// Generators of valid commands for round-trip tests.
enum CommandGenerators {
    static let atext = pick(Array("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789!#$%&'*+-/=?^_`{|}~"))
    static let label = zip(pick(Array("abcxyz0189")), pick(Array("abcxyz0189-")).string(of: 0...10), pick(Array("abcxyz0189")))
        .map { first, middle, last in "\(first)\(middle)\(last)" }
    static let domainName = label.array(of: 1...4).map { $0.joined(separator: ".") }
    static let domain = Gen<Int>.int(in: 0...5).map { choice -> MailDomain in
        switch choice {
        case 0: .addressLiteral(.ipv4("192.0.2.\(choice * 7)"))
        case 1: .addressLiteral(.ipv6("2001:db8::\(choice)"))
        default: .name("example\(choice).org")
        }
    }
    static let dotString = atext.string(of: 1...8).array(of: 1...3).map { $0.joined(separator: ".") }
    static let quotedString = pick(Array("ab c@\"\\<>,;x")).string(of: 0...10).map { text -> String in
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out += "\\" }
            out.append(character)
        }
        return out + "\""
    }
    static let mailbox = zip(Gen<Bool>.bool(0.8), dotString, quotedString, domainName, domain)
        .map { useDot, dot, quoted, name, otherDomain in
            Mailbox(localPart: useDot ? dot : quoted, domain: useDot ? .name(name) : otherDomain)
        }
    static let xtextValue = pick(Array("abcXYZ09+= é;.<>")).string(of: 1...20)
    static let mailParameters = zip(
        Gen<UInt64>.uint64(in: 0...100_000_000).optional,
        pick(MailParameters.BodyType.allCases).optional,
        Gen<Bool>.bool(),
        pick(MailParameters.DSNReturn.allCases).optional,
        xtextValue.optional,
        xtextValue.optional
    ).map { size, body, utf8, ret, envid, auth in
        MailParameters(size: size, body: body, smtpUTF8: utf8, dsnReturn: ret, envelopeID: envid, authenticatedSubmitter: auth)
    }
    static let notify = Gen<Int>.int(in: 0...7).map { bits -> DSNNotify in
        if bits == 0 { return .never }
        var set = Set<DSNNotify.Condition>()
        if bits & 1 != 0 { set.insert(.success) }
        if bits & 2 != 0 { set.insert(.failure) }
        if bits & 4 != 0 { set.insert(.delay) }
        return .conditions(set)
    }
    static let recipientParameters = zip(notify.optional, zip(pick(Array("rfc822utf-8")).string(of: 1...6), xtextValue).optional)
        .map { notify, orcpt in
            RecipientParameters(notify: notify, originalRecipient: orcpt.map { OriginalRecipient(addressType: $0.0, address: $0.1) })
        }
    static let freeText = pick(Array("abc XYZ 019.@<>")).string(of: 1...20).map { text -> String in
        var trimmed = text
        while trimmed.hasPrefix(" ") { trimmed.removeFirst() }
        while trimmed.hasSuffix(" ") { trimmed.removeLast() }
        return trimmed.isEmpty ? "x" : trimmed
    }

    static let command = zip(Gen<Int>.int(in: 0...15), mailbox, mailParameters, recipientParameters, zip(domainName, freeText, Gen<UInt64>.uint64(in: 0...UInt64(1) << 40), Gen<Bool>.bool()), Gen<UInt8>.uint8().array(of: 0...40))
        .map { choice, mailbox, mailParameters, recipientParameters, extra, saslBytes -> Command in
            let (name, text, size, flag) = extra
            var mailParameters = mailParameters
            if !mailbox.isASCII { mailParameters.smtpUTF8 = true }
            switch choice {
            case 0: return .extendedHello(name)
            case 1: return .hello(name)
            case 2: return .mail(.mailbox(mailbox), mailParameters)
            case 3: return .mail(.null, mailParameters)
            case 4: return .recipient(.mailbox(mailbox), recipientParameters)
            case 5: return .recipient(.postmaster, recipientParameters)
            case 6: return .data
            case 7: return .binaryData(size: size, isLast: flag)
            case 8: return .reset
            case 9: return .noop(flag ? text : nil)
            case 10: return .quit
            case 11: return .verify(text)
            case 12: return .expand(text)
            case 13: return .help(flag ? text : nil)
            case 14: return .startTLS
            default: return .authenticate(mechanism: flag ? "PLAIN" : "LOGIN", initialResponse: text.count % 3 == 0 ? nil : saslBytes)
            }
        }
}

/// A generator that picks one of `values`, shrinking towards the first.
func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.Integer<Int>> {
    Gen<Int>.int(in: 0...(values.count - 1)).map { values[$0] }
}
