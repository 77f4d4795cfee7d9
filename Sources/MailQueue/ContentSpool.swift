import Foundation
import Synchronization

/// Large message content kept beside the queue's database, in append-only segment files.
///
/// Content stored in SQLite is written twice: into the write-ahead log at the commit and
/// again into the database file at the next checkpoint, page by page with a checksum per
/// page. For a message of 64 KiB that is 17 pages each way. When several stores share one
/// commit, the store appends each large content here instead, and the writer syncs the
/// segment before the transaction that records where the content lies commits
/// (``syncAppended()``, from `GroupCommitWriter`'s `beforeCommit`). A committed row never
/// points at content that is not on disk; content whose transaction did not commit is
/// never pointed at and goes with its segment.
///
/// A store alone in its commit keeps its content in the database: a second sync would
/// cost it more than the copy it saves (docs/ARCHITECTURE.md has the measurements).
///
/// One process at a time appends, the one holding the lock on the spool's directory. A
/// process that cannot take it (a second process opening the same queue) keeps all
/// content in the database and never removes segments. Appends and syncs happen on the
/// writer's commit thread (or a submitter committing in its place, one commit at a time);
/// segments are removed after a purge that has run on that same thread.
final class ContentSpool: Sendable {
    /// Where one message's content lies.
    struct Location: Sendable, Hashable {
        var segment: Int64
        var offset: Int64
    }

    /// The directory holding the segments.
    let directory: String
    /// Content of at least this many octets is appended here when its store shares a commit.
    let threshold: Int
    /// Octets after which a new segment starts.
    let segmentSize: Int

    private let state: Mutex<State>

    private struct State: ~Copyable {
        /// The directory, open for its syncs and its lock.
        var directory: Int32
        /// Whether this process holds the lock on the directory.
        var locked: Bool
        var nextNumber: Int64
        var current: Segment?
        /// Segments rotated away whose appends are not synced yet.
        var retired: [Segment] = []
        /// A segment was created since the directory was last synced.
        var directoryChanged = false

        deinit {
            for segment in retired { close(segment.descriptor) }
            if let current { close(current.descriptor) }
            close(directory)
        }
    }

    private struct Segment {
        var number: Int64
        var descriptor: Int32
        var length: Int64
        /// Appended since the last sync.
        var unsynced = false
    }

    /// Opens (creating) the spool's directory. The lock that lets this process append is
    /// taken by ``accepts(_:)``, once another process holding it is gone.
    init(directory: String, threshold: Int, segmentSize: Int = 64 << 20) throws(StorageError) {
        self.directory = directory
        self.threshold = threshold
        self.segmentSize = segmentSize
        let parent = (directory as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) == 0 {
            // The directory's entry is durable before a segment in it is relied on.
            try Self.syncDirectory(parent.isEmpty ? "." : parent)
        } else if errno != EEXIST {
            throw Self.error(errno, "creating \(directory)")
        }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, "opening \(directory)") }
        let highest = Self.segmentNumbers(in: directory).max() ?? 0
        state = Mutex(State(directory: descriptor, locked: false, nextNumber: highest + 1))
    }

    /// Whether content of `count` octets goes here when its store shares a commit: it is
    /// large enough, and this process holds the spool's lock or can take it now.
    func accepts(_ count: Int) -> Bool {
        guard count >= threshold else { return false }
        return state.withLock { state in
            if !state.locked { state.locked = flock(state.directory, LOCK_EX | LOCK_NB) == 0 }
            return state.locked
        }
    }

    /// Appends `content` to the current segment (starting a new one when it is full) and
    /// says where it lies. Durable only after ``syncAppended()``.
    func append(_ content: [UInt8]) throws(StorageError) -> Location {
        try state.withLock { state throws(StorageError) in
            guard state.locked else { throw StorageError(.failed, "another process appends to \(directory)") }
            if let current = state.current, current.length > 0, current.length + Int64(content.count) > Int64(segmentSize) {
                state.retired.append(current)
                state.current = nil
            }
            if state.current == nil {
                state.current = try createSegment(number: &state.nextNumber)
                state.directoryChanged = true
            }
            let segment = state.current!
            do throws(StorageError) {
                try Self.write(content, to: segment.descriptor, at: segment.length)
            } catch {
                // Whatever part was written is never pointed at; the next append starts a
                // segment of its own rather than follow a write that failed.
                state.retired.append(segment)
                state.current = nil
                throw StorageError(error.kind, "appending to \(path(of: segment.number)): \(error.detail)")
            }
            state.current!.length += Int64(content.count)
            state.current!.unsynced = true
            return Location(segment: segment.number, offset: segment.length)
        }
    }

    /// Makes every append so far durable: the segments written to, and the directory if a
    /// segment was created. Runs before the commit of the transaction that records them;
    /// if it throws, that transaction must not commit.
    func syncAppended() throws(StorageError) {
        try state.withLock { state throws(StorageError) in
            defer {
                for segment in state.retired { close(segment.descriptor) }
                state.retired = []
            }
            for segment in state.retired where segment.unsynced {
                try sync(segment.descriptor, segment.number)
            }
            if let current = state.current, current.unsynced {
                do throws(StorageError) {
                    try sync(current.descriptor, current.number)
                    state.current!.unsynced = false
                } catch {
                    // After a failed sync the kernel may have dropped the pages it could not
                    // write and report success next time: nothing more goes into this file.
                    state.retired.append(current)
                    state.current = nil
                    throw error
                }
            }
            if state.directoryChanged {
                guard fsync(state.directory) == 0 else { throw Self.error(errno, "syncing \(directory)") }
                state.directoryChanged = false
            }
        }
    }

    /// The content of `count` octets at `location`.
    func read(_ location: Location, count: Int) throws(StorageError) -> [UInt8] {
        let path = path(of: location.segment)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, "opening \(path)") }
        defer { close(descriptor) }
        var failure: Int32 = 0
        let content = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let read = pread(descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(location.offset) + off_t(initialized))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else {
                    failure = read < 0 ? errno : 0
                    return
                }
                initialized += read
            }
        }
        guard content.count == count else {
            if failure != 0 { throw Self.error(failure, "reading \(path)") }
            throw StorageError(.failed, "\(path) ends before the \(count) octets at \(location.offset)")
        }
        return content
    }

    /// The segment new content goes to, or the one the next append creates. Segments
    /// numbered below it get no content from now on: appends go to it or to later ones.
    var firstOpenSegment: Int64 {
        state.withLock { $0.current?.number ?? $0.nextNumber }
    }

    /// Removes the segments numbered below `limit` that are not in `referenced`. `limit`
    /// comes from ``firstOpenSegment`` read on the commit thread in the transaction that
    /// found `referenced`: segments below it get no new content. Does nothing in a process
    /// that does not hold the spool's lock. Returns how many were removed.
    @discardableResult
    func removeSegments(below limit: Int64, except referenced: Set<Int64>) -> Int {
        guard state.withLock({ $0.locked }) else { return 0 }
        var removed = 0
        for number in Self.segmentNumbers(in: directory) where number < limit && !referenced.contains(number) {
            if unlink(path(of: number)) == 0 { removed += 1 }
        }
        return removed
    }

    /// Segment numbers and sizes below `limit`, for deciding which are mostly dead.
    func segmentSizes(below limit: Int64) -> [Int64: Int64] {
        var sizes = [Int64: Int64]()
        for number in Self.segmentNumbers(in: directory) where number < limit {
            var info = stat()
            if stat(path(of: number), &info) == 0 { sizes[number] = Int64(info.st_size) }
        }
        return sizes
    }

    func path(of segment: Int64) -> String {
        directory + "/" + String(segment) + Self.suffix
    }

    private static let suffix = ".segment"

    private static func segmentNumbers(in directory: String) -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(suffix) else { return nil }
            return Int64(name.dropLast(suffix.count))
        }
    }

    private func createSegment(number: inout Int64) throws(StorageError) -> Segment {
        while true {
            let candidate = number
            number += 1
            let descriptor = open(path(of: candidate), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return Segment(number: candidate, descriptor: descriptor, length: 0) }
            // Left by a run that crashed after making it: a later number is as good.
            guard errno == EEXIST else { throw Self.error(errno, "creating \(path(of: candidate))") }
        }
    }

    private func sync(_ descriptor: Int32, _ number: Int64) throws(StorageError) {
        guard fdatasync(descriptor) == 0 else { throw Self.error(errno, "syncing \(path(of: number))") }
    }

    private static func write(_ content: [UInt8], to descriptor: Int32, at offset: Int64) throws(StorageError) {
        var failure: Int32 = 0
        content.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    failure = written < 0 ? errno : ENOSPC
                    return
                }
                done += written
            }
        }
        if failure != 0 { throw error(failure, "writing") }
    }

    private static func syncDirectory(_ path: String) throws(StorageError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, "opening \(path)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error(errno, "syncing \(path)") }
    }

    private static func error(_ code: Int32, _ action: String) -> StorageError {
        let kind: StorageError.Kind = code == ENOSPC || code == EDQUOT || code == EFBIG ? .insufficientSpace : .failed
        return StorageError(kind, "\(action): \(String(cString: strerror(code)))")
    }
}
