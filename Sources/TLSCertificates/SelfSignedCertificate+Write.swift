import Foundation

extension SelfSignedCertificate {
    /// Writes both PEM files, creating missing parent directories; existing files are replaced.
    ///
    /// The key file gets mode 0600 before any key byte is written into it, so it is never
    /// readable by others, not even briefly and not when an existing file was more open.
    /// The certificate is public and gets 0644 (less the umask).
    public func write(certificateTo certificateURL: URL, privateKeyTo privateKeyURL: URL) throws {
        try PEMFile.save(certificatePEM, to: certificateURL, mode: 0o644, enforceMode: false)
        try PEMFile.save(privateKeyPEM, to: privateKeyURL, mode: 0o600, enforceMode: true)
    }
}
