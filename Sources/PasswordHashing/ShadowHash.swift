/// The fields of a hash in the modular crypt format: `$<method>$<parameters>$<salt>$<hash>`.
///
/// Only what ``PasswordHasher/needsRehash(_:)`` needs; libxcrypt does the real parsing.
struct ShadowHash: Equatable {
    /// The method identifier: `y` (yescrypt), `6` (SHA-512-crypt), `2b` (bcrypt) …
    var method: Substring
    /// For yescrypt, the encoded cost (flavor, N, r …); for other methods the next field,
    /// which may be the salt or a `rounds=` setting.
    var parameters: Substring

    /// Parses a hash or a setting (a hash without its final field); nil when it is not in
    /// the modular crypt format at all (for example traditional DES or a locked `!` entry).
    init?(_ string: String) {
        guard string.hasPrefix("$") else { return nil }
        let fields = string.dropFirst().split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else { return nil }
        method = fields[0]
        parameters = fields[1]
    }
}
