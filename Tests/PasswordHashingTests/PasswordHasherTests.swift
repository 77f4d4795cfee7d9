import Testing

@testable import PasswordHashing

@Suite("PasswordHasher: yescrypt hashes in the /etc/shadow format")
struct PasswordHasherTests {
    let password = Array("correct horse battery staple".utf8)

    /// `openssl passwd -6 -salt saltsalt secret`: SHA-512-crypt, as older systems stored it.
    static let sha512CryptOfSecret =
        "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"

    @Test("a new hash is yescrypt in the modular crypt format")
    func newHashIsYescrypt() throws {
        let hash = try PasswordHasher.hash(password)
        #expect(hash.hasPrefix("$y$"))
        // $y$<parameters>$<salt>$<hash>: the leading empty field and four more.
        #expect(hash.split(separator: "$", omittingEmptySubsequences: false).count == 5)
    }

    @Test("two hashes of the same password differ, because each gets its own salt")
    func hashesAreSalted() throws {
        let first = try PasswordHasher.hash(password)
        let second = try PasswordHasher.hash(password)
        #expect(first != second)
        #expect(PasswordHasher.verify(password, against: first))
        #expect(PasswordHasher.verify(password, against: second))
    }

    @Test("the right password verifies and a wrong one does not")
    func verifiesRightPasswordOnly() throws {
        let hash = try PasswordHasher.hash(password)
        #expect(PasswordHasher.verify(password, against: hash))
        #expect(!PasswordHasher.verify(Array("correct horse battery stapl".utf8), against: hash))
        #expect(!PasswordHasher.verify(Array("Correct horse battery staple".utf8), against: hash))
        #expect(!PasswordHasher.verify([], against: hash))
    }

    @Test("an empty password can be hashed and verified like any other")
    func emptyPassword() throws {
        let hash = try PasswordHasher.hash([])
        #expect(PasswordHasher.verify([], against: hash))
        #expect(!PasswordHasher.verify(password, against: hash))
    }

    @Test("a truncated hash never verifies")
    func truncatedHashFails() throws {
        let hash = try PasswordHasher.hash(password)
        for length in [hash.count - 1, hash.count / 2, 3, 1] {
            #expect(!PasswordHasher.verify(password, against: String(hash.prefix(length))), "length \(length)")
        }
    }

    @Test(
        "malformed, locked and empty hashes never verify",
        arguments: ["", "garbage", "$", "$y$", "$y$$$", "$y$j9T$", "!", "*", "!$y$j9T$abc$def", "*0", "$9$abc$def"]
    )
    func malformedHashFails(hash: String) {
        #expect(!PasswordHasher.verify(password, against: hash))
        #expect(!PasswordHasher.verify([], against: hash))
    }

    @Test("a SHA-512-crypt hash made by openssl verifies (hashes from other tools are accepted)")
    func verifiesSHA512Crypt() {
        #expect(PasswordHasher.verify(Array("secret".utf8), against: Self.sha512CryptOfSecret))
        #expect(!PasswordHasher.verify(Array("Secret".utf8), against: Self.sha512CryptOfSecret))
    }

    @Test("a password containing a NUL byte is refused, not silently truncated")
    func nulIsRefused() throws {
        #expect(throws: PasswordHashingError.passwordContainsNUL) {
            try PasswordHasher.hash(Array("abc\0def".utf8))
        }
        let hash = try PasswordHasher.hash(Array("abc".utf8))
        #expect(!PasswordHasher.verify(Array("abc\0def".utf8), against: hash))
    }

    @Test("a fresh yescrypt hash needs no rehash; SHA-512-crypt and malformed hashes do")
    func needsRehash() throws {
        #expect(!PasswordHasher.needsRehash(try PasswordHasher.hash(password)))
        #expect(PasswordHasher.needsRehash(Self.sha512CryptOfSecret))
        #expect(PasswordHasher.needsRehash(""))
        #expect(PasswordHasher.needsRehash("garbage"))
    }

    @Test("a yescrypt hash with a cost other than the default needs a rehash")
    func cheaperYescryptNeedsRehash() throws {
        let fresh = try PasswordHasher.hash(password)
        let fields = fresh.split(separator: "$", omittingEmptySubsequences: false)
        // "j8T" halves N relative to libxcrypt's default "j9T"; any other field will do.
        let otherCost = fields[2] == "j8T" ? "j9T" : "j8T"
        let cheaper = "$y$\(otherCost)$\(fields[3])$\(fields[4])"
        #expect(PasswordHasher.needsRehash(cheaper))
    }

    @Test("a hash carries its cost parameters, so verifying repeats the same amount of work")
    func hashCarriesCost() throws {
        let hash = try PasswordHasher.hash(password)
        let parameters = try #require(ShadowHash(hash)?.parameters)
        #expect(!parameters.isEmpty)
        #expect(parameters == PasswordHasher.defaultYescryptParameters)
    }

    @Test("hashing works from many threads at once")
    func concurrentHashing() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let password = Array("password \(index)".utf8)
                    let hash = try PasswordHasher.hash(password)
                    return PasswordHasher.verify(password, against: hash)
                        && !PasswordHasher.verify(Array("password \(index + 1)".utf8), against: hash)
                }
            }
            for try await verified in group {
                #expect(verified)
            }
        }
    }
}
