import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing PEM files with POSIX calls, because Foundation cannot create a file with its
/// final permissions: it writes first and changes the mode afterwards.
enum PEMFile {
    /// Replaces the file at `url` with `contents`, creating missing parent directories.
    ///
    /// - Parameter enforceMode: set `mode` even on an existing file and regardless of the
    ///   umask, before anything is written.
    static func save(_ contents: String, to url: URL, mode: mode_t, enforceMode: Bool) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let path = url.path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw SelfSignedCertificateError.writeFailed(path: path, errno: errno) }
        var isOpen = true
        defer { if isOpen { close(descriptor) } }
        if enforceMode, fchmod(descriptor, mode) != 0 {
            throw SelfSignedCertificateError.writeFailed(path: path, errno: errno)
        }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SelfSignedCertificateError.writeFailed(path: path, errno: errno)
            }
            offset += count
        }
        isOpen = false
        // close can be where a failed write shows up (for example on network file systems).
        if close(descriptor) != 0 { throw SelfSignedCertificateError.writeFailed(path: path, errno: errno) }
    }
}
