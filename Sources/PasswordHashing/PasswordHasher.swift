/// Salted, slow password hashes in the /etc/shadow format, computed by libxcrypt.
///
/// Hashes are strings like `$y$j9T$<salt>$<hash>`: the method (`y` = yescrypt), its cost
/// parameters and the salt travel with the hash. That makes the format
/// - standard: the same strings as in `/etc/shadow`, so `mkpasswd`, `openssl passwd`, Dovecot
///   or a Python script can create and check them, and users can be imported from elsewhere;
/// - versioned: old hashes (`$6$` SHA-512-crypt, `$2b$` bcrypt, …) keep verifying while new
///   ones use the current method, and ``needsRehash(_:)`` says when to upgrade one.
///
/// yescrypt is Debian's default for login passwords: it is memory-hard (16 MiB per hash at
/// libxcrypt's default cost), which makes guessing on GPUs and ASICs expensive, unlike the
/// merely slow SHA-512-crypt.
///
/// Every call works on its own heap-allocated `struct crypt_data` (libxcrypt's re-entrant
/// interface), so all functions are safe to call from any thread at the same time. They are
/// deliberately slow (tens of milliseconds): call them off an event loop.
public enum PasswordHasher {
    /// The method prefix of new hashes.
    static let preferredPrefix = "$y$"

    /// A new hash of `password` with a fresh random salt: yescrypt (`$y$...`) with libxcrypt's
    /// default cost.
    ///
    /// - Parameter password: the password's bytes (usually UTF-8), without any NUL byte.
    /// - Returns: a hash in the /etc/shadow format, safe to store.
    /// - Throws: ``PasswordHashingError``.
    public static func hash(_ password: [UInt8]) throws(PasswordHashingError) -> String {
        guard !password.contains(0) else { throw .passwordContainsNUL }
        guard let setting = LibXCrypt.newSetting(prefix: preferredPrefix) else {
            throw .randomSaltUnavailable
        }
        guard let hash = LibXCrypt.crypt(password, setting: setting) else { throw .hashingFailed }
        return hash
    }

    /// Whether `password` matches `hash`.
    ///
    /// Accepts any method libxcrypt knows (`$y$`, `$2b$`, `$6$` …). A malformed hash, a
    /// disabled or locked entry (`!`, `*`) or a password containing a NUL byte never matches.
    /// The final comparison takes the same time wherever the first difference is.
    public static func verify(_ password: [UInt8], against hash: String) -> Bool {
        guard !password.contains(0), !hash.isEmpty, !hash.utf8.contains(0) else { return false }
        // Hashing with the stored hash as the setting reuses its method, cost and salt, so the
        // result equals the stored hash exactly when the password is right.
        guard let computed = LibXCrypt.crypt(password, setting: hash) else { return false }
        return ConstantTime.equals(Array(computed.utf8), Array(hash.utf8))
    }

    /// Whether `hash` was made with a method or cost other than the current default, so it
    /// should be replaced by ``hash(_:)`` the next time the user logs in with the right password.
    ///
    /// Malformed hashes also need a rehash: they can never be verified as they are.
    public static func needsRehash(_ hash: String) -> Bool {
        guard let stored = ShadowHash(hash), stored.method == "y" else { return true }
        guard let defaultParameters = defaultYescryptParameters else {
            // Without a reference we cannot tell the cost apart; the method alone is current.
            return false
        }
        return stored.parameters != defaultParameters
    }

    /// The cost field (such as `j9T`) libxcrypt puts into new yescrypt hashes.
    ///
    /// Made from fixed "random" bytes: only the parameters are kept, and so computing them
    /// neither consumes nor depends on the system's random source.
    static let defaultYescryptParameters: Substring? = {
        let fixedBytes = [UInt8](repeating: 0x5A, count: 32)
        guard let setting = LibXCrypt.newSetting(prefix: preferredPrefix, randomBytes: fixedBytes) else {
            return nil
        }
        return ShadowHash(setting)?.parameters
    }()
}
