import CZeroFill
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
/// A segment is written into blocks the file system has already allocated and written
/// whenever it can be: appending to a new file makes each `fdatasync` allocate blocks and
/// commit the file system's journal, which costs about twice the time and CPU of writing
/// over blocks already there (BENCHMARKS.md, "Spool segments written before they are
/// needed"). So a new segment is made from a spare: a segment the purge no longer needed,
/// renamed rather than removed (up to ``sparesKept`` of them), or a file of zeros written
/// in the background (with direct I/O, no copy through the page cache) while the segment
/// before it fills. Only when no spare is ready is a segment created empty. A spare holds
/// zeros or content of removed messages that no row points at; the directory and its
/// files are the server's user's alone, as the database is.
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
    /// How many spare segments are kept at most.
    let sparesKept: Int
    /// Free octets a spare must leave on the file system to be written.
    let reserve: UInt64

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
        /// Spare segments ready to become segments, by number (files `N.spare`).
        var spares: [Int64] = []
        var nextSpareNumber: Int64 = 1
        /// A spare is being written in the background.
        var preparing = false

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
    init(directory: String, threshold: Int, segmentSize: Int = 16 << 20, sparesKept: Int = 2, reserve: UInt64 = 0) throws(StorageError) {
        self.directory = directory
        self.threshold = threshold
        self.segmentSize = segmentSize
        self.sparesKept = sparesKept
        self.reserve = reserve
        let parent = (directory as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) == 0 {
            // The directory's entry is durable before a segment in it is relied on.
            try Self.syncDirectory(parent.isEmpty ? "." : parent)
        } else if errno != EEXIST {
            throw Self.error(errno, "creating \(directory)")
        }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, "opening \(directory)") }
        let highest = Self.numbers(in: directory, suffix: Self.suffix).max() ?? 0
        state = Mutex(State(directory: descriptor, locked: false, nextNumber: highest + 1))
    }

    /// Takes the spool's lock if no other process holds it; on taking it, finds the spares
    /// a run before left and removes the half-written ones.
    ///
    /// A spare becomes a segment by a link to the segment's name and the removal of its
    /// own; a run that ended between the two leaves a spare that is also a segment. Only
    /// its spare name goes: the file may hold content a committed row points at.
    private func lockIfFree(_ state: inout State) {
        guard !state.locked, flock(state.directory, LOCK_EX | LOCK_NB) == 0 else { return }
        state.locked = true
        for number in Self.numbers(in: directory, suffix: Self.preparingSuffix) {
            unlink(path(of: number, suffix: Self.preparingSuffix))
        }
        let found = Self.numbers(in: directory, suffix: Self.spareSuffix).sorted()
        state.nextSpareNumber = (found.last ?? 0) + 1
        state.spares = found.filter { number in
            let path = path(of: number, suffix: Self.spareSuffix)
            var info = stat()
            guard stat(path, &info) == 0 else { return false }
            if info.st_nlink == 1 { return true }
            unlink(path)
            return false
        }
    }

    /// Whether content of `count` octets goes here when its store shares a commit: it is
    /// large enough, and this process holds the spool's lock or can take it now.
    func accepts(_ count: Int) -> Bool {
        guard count >= threshold else { return false }
        return state.withLock { state in
            lockIfFree(&state)
            return state.locked
        }
    }

    /// Appends `content` to the current segment (starting a new one when it is full) and
    /// says where it lies. Durable only after ``syncAppended()``.
    func append(_ content: [UInt8]) throws(StorageError) -> Location {
        try state.withLock { state throws(StorageError) in
            guard state.locked else { throw StorageError(.failed, "another process appends to \(directory)") }
            let padded = Self.paddedLength(content.count)
            if let current = state.current, current.length > 0, current.length + padded > Int64(segmentSize) {
                state.retired.append(current)
                state.current = nil
            }
            if state.current == nil {
                state.current = try createSegment(&state)
                state.directoryChanged = true
                prepareSpareIfNone(&state)
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
            state.current!.length += padded
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

    /// The content of `count` octets at `location`. It counts only while a row points at
    /// `location`: a segment no row points at may be a spare by now, written over, or its
    /// number taken by a new segment after a restart (``SQLiteMessageStore/content(of:)``
    /// reads the row again after the segment).
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

    /// The spares ready to become segments, by number.
    var spareNumbers: [Int64] {
        state.withLock { $0.spares }
    }

    /// Whether a spare is being written.
    var isPreparingSpare: Bool {
        state.withLock { $0.preparing }
    }

    /// The segment new content goes to, or the one the next append creates. Segments
    /// numbered below it get no content from now on: appends go to it or to later ones.
    var firstOpenSegment: Int64 {
        state.withLock { $0.current?.number ?? $0.nextNumber }
    }

    /// Removes the segments numbered below `limit` that are not in `referenced`, keeping
    /// full ones as spares while there are fewer than ``sparesKept``. `limit` comes from
    /// ``firstOpenSegment`` read on the commit thread in the transaction that found
    /// `referenced`: segments below it get no new content. Does nothing in a process that
    /// does not hold the spool's lock. Returns how many were removed.
    @discardableResult
    func removeSegments(below limit: Int64, except referenced: Set<Int64>) -> Int {
        guard state.withLock({ $0.locked }) else { return 0 }
        var removed = 0
        for number in Self.numbers(in: directory, suffix: Self.suffix).sorted() where number < limit && !referenced.contains(number) {
            let path = path(of: number)
            var info = stat()
            // One cut short (after a restart or a failed write) would save little.
            let mostlyWritten = stat(path, &info) == 0 && Int(info.st_size) >= segmentSize / 2 && info.st_nlink == 1
            let spare: Int64? = mostlyWritten ? state.withLock { state in
                guard state.spares.count + (state.preparing ? 1 : 0) < sparesKept else { return nil }
                defer { state.nextSpareNumber += 1 }
                return state.nextSpareNumber
            } : nil
            if let spare, rename(path, self.path(of: spare, suffix: Self.spareSuffix)) == 0 {
                state.withLock { $0.spares.append(spare) }
                removed += 1
            } else if unlink(path) == 0 {
                removed += 1
            }
        }
        return removed
    }

    /// Segment numbers and sizes below `limit`, for deciding which are mostly dead.
    func segmentSizes(below limit: Int64) -> [Int64: Int64] {
        var sizes = [Int64: Int64]()
        for number in Self.numbers(in: directory, suffix: Self.suffix) where number < limit {
            var info = stat()
            if stat(path(of: number), &info) == 0 { sizes[number] = Int64(info.st_size) }
        }
        return sizes
    }

    func path(of segment: Int64) -> String {
        path(of: segment, suffix: Self.suffix)
    }

    func path(of number: Int64, suffix: String) -> String {
        directory + "/" + String(number) + suffix
    }

    static let suffix = ".segment"
    static let spareSuffix = ".spare"
    /// A spare being written; renamed to its spare name once written and synced.
    static let preparingSuffix = ".preparing"

    private static func numbers(in directory: String, suffix: String) -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(suffix) else { return nil }
            return Int64(name.dropLast(suffix.count))
        }
    }

    /// The next segment: a spare renamed, or else a new empty file.
    private func createSegment(_ state: inout State) throws(StorageError) -> Segment {
        while true {
            let candidate = state.nextNumber
            state.nextNumber += 1
            let path = path(of: candidate)
            if let spare = state.spares.first {
                let sparePath = self.path(of: spare, suffix: Self.spareSuffix)
                // link, not rename: it refuses to replace a segment of that number.
                if link(sparePath, path) == 0 {
                    state.spares.removeFirst()
                    unlink(sparePath)
                    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
                    if descriptor >= 0 { return Segment(number: candidate, descriptor: descriptor, length: 0) }
                    throw Self.error(errno, "opening \(path)")
                }
                if errno == EEXIST { continue }
                // A spare that cannot be used is dropped; the segment is made empty instead.
                state.spares.removeFirst()
                unlink(sparePath)
            }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return Segment(number: candidate, descriptor: descriptor, length: 0) }
            // Left by a run that crashed after making it: a later number is as good.
            guard errno == EEXIST else { throw Self.error(errno, "creating \(path)") }
        }
    }

    /// Starts writing a spare on a thread of its own when none is ready or being written,
    /// and the file system has room for one beside ``reserve``. Called when a segment has
    /// been made, so the spare is written while that segment fills.
    private func prepareSpareIfNone(_ state: inout State) {
        guard state.locked, state.spares.isEmpty, !state.preparing else { return }
        var space = statvfs()
        guard statvfs(directory, &space) == 0 else { return }
        let available = UInt64(space.f_bavail) * UInt64(space.f_frsize)
        guard available >= reserve, available - reserve >= UInt64(segmentSize) else { return }
        state.preparing = true
        let number = state.nextSpareNumber
        state.nextSpareNumber += 1
        let thread = Thread { [self] in
            let preparing = path(of: number, suffix: Self.preparingSuffix)
            let written = zero_fill_file(preparing, Int64(segmentSize)) == 0
                && rename(preparing, path(of: number, suffix: Self.spareSuffix)) == 0
            if !written { unlink(preparing) }
            self.state.withLock { state in
                state.preparing = false
                if written { state.spares.append(number) }
            }
        }
        thread.name = "postamt-spool"
        thread.start()
    }

    private func sync(_ descriptor: Int32, _ number: Int64) throws(StorageError) {
        guard fdatasync(descriptor) == 0 else { throw Self.error(errno, "syncing \(path(of: number))") }
    }

    /// Each content starts on a page of its own and is written in whole pages, zeros after
    /// it. A write over part of a page that the file holds but the page cache does not
    /// would make the kernel read that page from the disk first; in a segment made from a
    /// spare, every page is such a page.
    static let pageSize = 4096

    static func paddedLength(_ count: Int) -> Int64 {
        Int64((count + pageSize - 1) / pageSize * pageSize)
    }

    private static let zeros = [UInt8](repeating: 0, count: pageSize)

    /// Writes `content` and the zeros that complete its last page at `offset`, in one call.
    private static func write(_ content: [UInt8], to descriptor: Int32, at offset: Int64) throws(StorageError) {
        let total = Int(paddedLength(content.count))
        var failure: Int32 = 0
        content.withUnsafeBytes { bytes in
            zeros.withUnsafeBytes { zeros in
                var done = 0
                while done < total {
                    var pieces = [iovec]()
                    if done < bytes.count {
                        pieces.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + done), iov_len: bytes.count - done))
                    }
                    let zerosLeft = total - max(done, bytes.count)
                    if zerosLeft > 0 {
                        pieces.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: zeros.baseAddress!), iov_len: zerosLeft))
                    }
                    let written = pwritev(descriptor, pieces, Int32(pieces.count), off_t(offset) + off_t(done))
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else {
                        failure = written < 0 ? errno : ENOSPC
                        return
                    }
                    done += written
                }
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
