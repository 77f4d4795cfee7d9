#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the system calls Maildir delivery needs, returning the `errno` of a
/// failure instead of throwing so that each caller can name the step that failed.
///
/// Plain POSIX calls rather than `FileManager`/`FileHandle`, because delivery must control
/// exactly what is synced (`fsync` of the file and of the directory), must create files
/// exclusively (`O_EXCL`), and must report the real `errno` so that a full disk (ENOSPC)
/// can be told from other failures.
enum POSIX {
    /// The calling thread's `errno`.
    static var lastError: Int32 { errno }

    /// Writes all of `bytes`, continuing after short writes and EINTR.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                // A regular file never accepts zero bytes of a non-empty write; treat it as
                // an I/O error rather than spinning.
                if result == 0 { return EIO }
                written += result
            }
            return nil
        }
    }

    /// `fsync`, repeated after EINTR.
    static func sync(_ descriptor: Int32) -> Int32? {
        while fsync(descriptor) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// `close`. EINTR is not an error here: Linux has closed the descriptor anyway, and the
    /// data was already synced.
    static func closeDescriptor(_ descriptor: Int32) -> Int32? {
        if close(descriptor) != 0 && errno != EINTR { return errno }
        return nil
    }

    /// Syncs a directory, so that a rename or creation within it survives a crash.
    static func syncDirectory(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno }
        let error = sync(descriptor)
        _ = close(descriptor)
        return error
    }

    /// Creates a directory with `mode` (and chmods it, so the umask cannot widen or narrow
    /// it). An existing directory is fine; an existing non-directory gives ENOTDIR.
    static func makeDirectory(_ path: String, mode: mode_t) -> Int32? {
        if mkdir(path, mode) == 0 {
            return chmod(path, mode) == 0 ? nil : errno
        }
        let error = errno
        guard error == EEXIST else { return error }
        var status = stat()
        guard stat(path, &status) == 0 else { return errno }
        return status.st_mode & S_IFMT == S_IFDIR ? nil : ENOTDIR
    }

    /// Sets access and modification time of an open file to `seconds` since the epoch.
    static func setTimes(_ descriptor: Int32, seconds: Int, nanoseconds: Int) -> Int32? {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        return futimens(descriptor, &times) == 0 ? nil : errno
    }

    /// The system's host name, or `nil` if it cannot be read.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// The human-readable text for an `errno` value.
    static func message(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
