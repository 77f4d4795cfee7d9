import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh, empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
    var template = Array((NSTemporaryDirectory() + "/postamt-delivery-XXXXXX").utf8CString)
    guard let created = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return URL(fileURLWithPath: String(cString: created), isDirectory: true)
}

/// Runs `body` with a fresh directory that is removed with everything in it afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// ``withTemporaryDirectory(_:)`` for async bodies.
func withTemporaryDirectoryAsync<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// The names in a directory, sorted.
func entries(of directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// The permission bits of a file or directory.
func mode(of url: URL) throws -> Int {
    var status = stat()
    guard stat(url.path, &status) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return Int(status.st_mode & 0o7777)
}

/// A small tmpfs to run out of space on. Mounting needs root with CAP_SYS_ADMIN (a normal
/// container or a developer machine without sudo has not), so the tests that need it ask
/// ``TinyFileSystem/isAvailable`` first.
enum TinyFileSystem {
    #if os(Linux)
    /// Whether a tmpfs can be mounted here, found out once by trying.
    static let isAvailable: Bool = {
        guard getuid() == 0 else { return false }
        return (try? withTemporaryDirectory { directory in
            guard mount("tmpfs", directory.path, "tmpfs", 0, "size=16k") == 0 else { return false }
            return umount2(directory.path, 0) == 0
        }) ?? false
    }()

    /// Mounts a tmpfs of `size` on a temporary directory for the duration of `body`.
    static func with<T>(size: String, _ body: (URL) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            guard mount("tmpfs", directory.path, "tmpfs", 0, "size=\(size),mode=0700") == 0 else {
                throw POSIXError(.init(rawValue: errno) ?? .EIO)
            }
            defer { umount2(directory.path, Int32(MNT_DETACH)) }
            return try body(directory)
        }
    }
    #else
    static let isAvailable = false

    static func with<T>(size: String, _ body: (URL) throws -> T) throws -> T {
        throw POSIXError(.ENOTSUP)
    }
    #endif
}
