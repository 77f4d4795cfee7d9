/// Why a password could not be hashed.
public enum PasswordHashingError: Error, Sendable, Hashable {
    /// The password contains a NUL byte. libxcrypt takes C strings, so everything after the
    /// NUL would be silently ignored; refusing is safer than hashing a shorter password.
    case passwordContainsNUL
    /// libxcrypt could not read the operating system's random source to make a salt.
    case randomSaltUnavailable
    /// libxcrypt refused to hash (it returned no hash or a failure token starting with `*`).
    case hashingFailed
}
