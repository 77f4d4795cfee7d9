import SMTPCore

/// Domain names in the configuration: checked with SMTPCore's RFC 5321 domain syntax, so
/// that a name accepted here is one the server can use in EHLO and addresses.
public enum DomainName {
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains("@"), let mailbox = Mailbox("postmaster@\(text)"),
            case .name = mailbox.domain
        else { return false }
        return true
    }

    /// Lowercased (ASCII, as DNS compares) and without a trailing dot.
    public static func normalized(_ text: String) -> String {
        var lower = String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        if lower.hasSuffix(".") { lower.removeLast() }
        return lower
    }
}
