import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One Maildir: a directory with `tmp`, `new` and `cur`, into which messages are delivered
/// without locks and without ever exposing a half-written message.
///
/// Delivery writes the file in `tmp/` under a unique name, syncs it, renames it into
/// `new/` and syncs `new/`. Readers only look at `new/` and `cur/`, so they see a message
/// completely or not at all, and once ``deliver(_:receivedAt:)`` returns, the message
/// survives a crash: only then may the queue forget it.
///
/// - SeeAlso: https://cr.yp.to/proto/maildir.html
public struct Maildir: Sendable {
    /// The Maildir itself (the directory holding `tmp`, `new` and `cur`).
    public let directory: URL
    /// The host name used in file names, already escaped for Maildir.
    public let escapedHostname: String

    /// The directories are private to the mailbox owner; message files likewise.
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// - Parameters:
    ///   - directory: the Maildir (not its parent).
    ///   - hostname: the name used in unique file names; by default the system's.
    public init(directory: URL, hostname: String? = nil) {
        self.directory = directory
        self.escapedHostname = MaildirUniqueName.escape(hostname: hostname ?? POSIX.hostName() ?? "localhost")
    }

    private var path: String { directory.path }

    /// Creates the Maildir, any missing parent directories and `tmp`, `new`, `cur`, all with
    /// mode 0700. Existing directories are left as they are, so this is cheap to repeat.
    public func prepare() throws(MaildirError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if let error = POSIX.makeDirectory(prefix, mode: Self.directoryMode) { throw .createDirectory(error) }
        }
        for subdirectory in ["tmp", "new", "cur"] {
            if let error = POSIX.makeDirectory(path + "/" + subdirectory, mode: Self.directoryMode) {
                throw .createDirectory(error)
            }
        }
    }

    /// Delivers the concatenation of `parts` as one message and returns its path in `new/`.
    ///
    /// The parts are written one after the other, so headers added at delivery can be
    /// passed in front of the stored content without copying it. The file is created
    /// exclusively with mode 0600. On any failure the file is removed again (from `tmp/`,
    /// or from `new/` if only the final directory sync failed) and the error names the step
    /// and `errno`; the Maildir must exist (see ``prepare()``), otherwise the error is
    /// ``MaildirError/create(_:)`` with ENOENT.
    ///
    /// - Parameter receivedAt: when the message was received; it becomes the file's
    ///   modification time, which IMAP servers such as Dovecot show as the received date
    ///   (INTERNALDATE). `nil` leaves the time of writing.
    public func deliver(_ parts: [[UInt8]], receivedAt: Date? = nil) throws(MaildirError) -> URL {
        let name = MaildirUniqueName.next(escapedHostname: escapedHostname)
        let temporaryPath = path + "/tmp/" + name
        let finalPath = path + "/new/" + name

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, Self.fileMode)
        guard descriptor >= 0 else { throw .create(POSIX.lastError) }
        var isOpen = true
        do throws(MaildirError) {
            for part in parts {
                if let error = POSIX.writeAll(descriptor, part) { throw .write(error) }
            }
            if let receivedAt {
                let seconds = receivedAt.timeIntervalSince1970.rounded(.down)
                let nanoseconds = Int((receivedAt.timeIntervalSince1970 - seconds) * 1_000_000_000)
                if let error = POSIX.setTimes(descriptor, seconds: Int(seconds), nanoseconds: nanoseconds) {
                    throw .setTimes(error)
                }
            }
            if let error = POSIX.sync(descriptor) { throw .fsync(error) }
            isOpen = false
            if let error = POSIX.closeDescriptor(descriptor) { throw .close(error) }
            // rename rather than the link+unlink of the original specification: it works on
            // file systems without hard links, and the unique name rules out overwriting.
            if rename(temporaryPath, finalPath) != 0 { throw .rename(POSIX.lastError) }
        } catch {
            if isOpen { _ = close(descriptor) }
            unlink(temporaryPath)
            throw error
        }
        // Without this sync the rename could be lost in a crash after we reported success.
        // If it fails, the message is taken back so that a retry cannot deliver it twice.
        if let error = POSIX.syncDirectory(path + "/new") {
            unlink(finalPath)
            throw .syncDirectory(error)
        }
        return URL(fileURLWithPath: finalPath)
    }
}
