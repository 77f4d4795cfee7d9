import Foundation
import SMTPCore

/// Where each local mailbox's Maildir lives: `root/<domain>/<local part>`, both in Unicode
/// NFC and lower case, the local part unquoted (as ``AliasTable`` compares them).
///
/// The path is built from an address a stranger chose, so anything that could leave the
/// root or hide in it is refused rather than escaped: a `/`, `.` or `..` as a whole
/// component, a leading dot, NUL and other control characters, and empty parts.
public struct MailboxLocator: Sendable {
    /// The directory holding one directory per domain.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The Maildir directory for `mailbox`, or `nil` if its address cannot safely be a path.
    public func directory(for mailbox: Mailbox) -> URL? {
        let key = MailboxKey(mailbox)
        guard Self.isSafeComponent(key.domain), Self.isSafeComponent(key.localPart) else { return nil }
        return root.appendingPathComponent(key.domain, isDirectory: true)
            .appendingPathComponent(key.localPart, isDirectory: true)
    }

    /// The Maildir for `mailbox` (file names use the system host name), or `nil` if its
    /// address cannot safely be a path.
    public func maildir(for mailbox: Mailbox) -> Maildir? {
        directory(for: mailbox).map { Maildir(directory: $0) }
    }

    /// Whether `component` names exactly one entry inside its parent and is not hidden.
    /// A leading dot covers `.` and `..` and also keeps mailboxes from posing as Maildir++
    /// subfolders or dot files; 255 octets is the usual file name limit (NAME_MAX).
    static func isSafeComponent(_ component: String) -> Bool {
        guard !component.isEmpty, component.utf8.count <= 255, !component.hasPrefix(".") else { return false }
        return !component.unicodeScalars.contains { scalar in
            scalar == "/" || scalar.value < 0x20 || scalar.value == 0x7F
                || (scalar.value >= 0x80 && scalar.properties.generalCategory == .control)
        }
    }
}
