import CLibXCrypt

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few libxcrypt calls Postamt needs, with its memory handled.
enum LibXCrypt {
    /// A setting (method, cost and salt, e.g. `$y$j9T$<salt>`) for a new hash, at libxcrypt's
    /// default cost for `prefix`.
    ///
    /// - Parameter randomBytes: the salt's source; nil lets libxcrypt read the operating
    ///   system's random source itself, which is what new hashes must use.
    /// - Returns: nil when libxcrypt fails, most likely because no random bytes were available.
    static func newSetting(prefix: String, randomBytes: [UInt8]? = nil) -> String? {
        let setting: UnsafeMutablePointer<CChar>?
        if let randomBytes {
            setting = randomBytes.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    crypt_gensalt_ra(prefix, 0, chars.baseAddress, Int32(chars.count))
                }
            }
        } else {
            setting = crypt_gensalt_ra(prefix, 0, nil, 0)
        }
        guard let setting else { return nil }
        defer { free(setting) }
        let result = String(cString: setting)
        // Failure should be NULL here, but a "*" failure token must never become a salt.
        return result.hasPrefix("*") ? nil : result
    }

    /// `password` hashed according to `setting` (a setting or a complete earlier hash),
    /// or nil when libxcrypt refuses (unknown method, malformed setting, out of memory).
    ///
    /// `password` must not contain NUL bytes.
    static func crypt(_ password: [UInt8], setting: String) -> String? {
        // struct crypt_data is about 32 KiB: far too big for a thread's stack in a server
        // with many threads, so it lives on the heap, one per call (which also makes the
        // call re-entrant without locks).
        let dataSize = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(
            byteCount: dataSize, alignment: MemoryLayout<crypt_data>.alignment)
        // libxcrypt requires a zeroed crypt_data before its first use.
        memset(data, 0, dataSize)
        // The C copy of the password and libxcrypt's scratch space hold secrets: wipe both
        // before the memory goes back to the allocator.
        let phrase = UnsafeMutablePointer<CChar>.allocate(capacity: password.count + 1)
        defer {
            explicit_bzero(phrase, password.count + 1)
            phrase.deallocate()
            explicit_bzero(data, dataSize)
            data.deallocate()
        }
        for (index, byte) in password.enumerated() {
            phrase[index] = CChar(bitPattern: byte)
        }
        phrase[password.count] = 0

        let typedData = data.bindMemory(to: crypt_data.self, capacity: 1)
        guard let output = crypt_r(phrase, setting, typedData) else { return nil }
        let hash = String(cString: output)
        // Failure is a token starting with "*" (never a valid hash), so that callers which
        // forget to check still cannot match it against a stored hash.
        return hash.hasPrefix("*") ? nil : hash
    }
}
