import CZeroFill
import Foundation
import Synchronization

/// Large message content kept beside the queue's database, in append-only segment files.
///
/// Content stored in SQLite is written twice: into the write-ahead log at the commit and
/// again into the database file at the next checkpoint, page by page with a checksum per
/// page. For a message of 64 KiB that is 17 pages each way. Large content is appended
/// here instead, and the writer writes it out before the transaction that records where
/// it lies commits (``syncAppended()``, from `GroupCommitWriter`'s `beforeCommit`). A
/// committed row never points at content that is not on disk; content whose transaction
/// did not commit is never pointed at and goes with its segment.
///
/// What makes the content durable is the segment's own sync, or the sync of the
/// database's log that ends the commit: on ext4 that sync flushes the device's cache,
/// which covers a direct write over blocks a spare already holds, written before it
/// (``syncCovers(spool:database:)``). Content written through the page cache, past a
/// spare's length, into a file with flags that make ext4 buffer or transform direct
/// writes, or on another file system gets the segment's own sync.
///
/// Where the database's sync covers the spool, a store alone in its commit spools from
/// ``threshold`` like one that shares a commit. Otherwise it keeps its content in the
/// database unless it is large (``aloneThreshold``): for smaller content the spool's own
/// sync costs the store more time than the second copy saves (BENCHMARKS.md, "A store
/// alone in its commit: blob or spool").
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
/// Appended content waits in a page-aligned buffer until the commit's sync and then goes
/// out in one write per segment, by direct I/O where the file system allows it: no copy
/// into the page cache and no writeback of it by the sync, which halves what a segment's
/// write and sync cost the commit thread (BENCHMARKS.md, "Content written past the page
/// cache"). Content is read back through the page cache, from the disk, only when a
/// delivery does not find it in memory.
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
    /// Content of at least this many octets is appended here when its store is alone in
    /// its commit.
    let aloneThreshold: Int
    /// Octets after which a new segment starts.
    let segmentSize: Int
    /// How many spare segments are kept at most.
    let sparesKept: Int
    /// Free octets a spare must leave on the file system to be written.
    let reserve: UInt64
    /// Octets of appended content held for one write at most; more are written as they come.
    let stagingLimit: Int
    /// Whether the sync of the database's log, which follows ``syncAppended()`` in every
    /// commit, also makes durable what a segment made from a spare took by direct I/O, so
    /// that the segment needs no sync of its own (``syncCovers(spool:database:)``).
    let databaseSyncCoversDirectWrites: Bool
    private let syncs = Atomic<Int>(0)

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
        /// Content appended to the current segment and not written yet.
        var staging = StagingBuffer()
        /// Whether segments are written by direct I/O; off for good once a file system
        /// refuses it.
        var direct: Bool
        /// A write of staged content failed in the transaction under way: the content of
        /// stores that already succeeded is lost, so it must not commit. Forgotten when the
        /// next transaction begins (``discardUncommitted()``).
        var failedWrite: StorageError?

        deinit {
            for segment in retired { close(segment.descriptor) }
            if let current { close(current.descriptor) }
            close(directory)
        }
    }

    private struct Segment {
        var number: Int64
        var descriptor: Int32
        /// Octets appended, staged ones included.
        var length: Int64
        /// Octets written to the file; those after them are in the staging buffer.
        var written: Int64
        /// Appended since the last sync.
        var unsynced = false
        /// Octets the file held, written and synced, when it became this segment (a spare's
        /// size; 0 for a file created empty): writes below them change no block map.
        var prewritten: Int64
        /// Written since the last sync in a way the database's sync does not cover: through
        /// the page cache, or past ``prewritten``.
        var needsOwnSync = false

        init(number: Int64, descriptor: Int32, prewritten: Int64 = 0) {
            self.number = number
            self.descriptor = descriptor
            self.prewritten = prewritten
            length = 0
            written = 0
        }
    }

    /// Page-aligned memory for content on its way to a segment, as direct I/O needs it.
    private struct StagingBuffer: ~Copyable {
        var base: UnsafeMutableRawPointer?
        var capacity = 0
        var count = 0

        /// Makes room for `needed` octets in all, up to `limit`, keeping what is staged.
        mutating func grow(toHold needed: Int, limit: Int) {
            guard needed > capacity, capacity < limit else { return }
            var size = max(capacity, 256 << 10)
            while size < needed { size *= 2 }
            size = min(size, limit)
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, ContentSpool.pageSize, size) == 0, let memory else { return }
            if let base {
                memory.copyMemory(from: base, byteCount: count)
                free(base)
            }
            base = memory
            capacity = size
        }

        deinit { free(base) }
    }

    /// Opens (creating) the spool's directory. The lock that lets this process append is
    /// taken by ``accepts(_:sharingCommit:)``, once another process holding it is gone.
    ///
    /// `directIO` false writes segments through the page cache, as a file system without
    /// direct I/O makes the spool do anyway. `databaseDirectory` is where the database whose
    /// commits record the appends lies; nil gives every segment written a sync of its own.
    init(
        directory: String, threshold: Int, aloneThreshold: Int = .max, segmentSize: Int = 16 << 20, sparesKept: Int = 2,
        reserve: UInt64 = 0, stagingLimit: Int = 4 << 20, directIO: Bool = true, databaseDirectory: String? = nil
    ) throws(StorageError) {
        self.directory = directory
        self.threshold = threshold
        self.aloneThreshold = aloneThreshold
        self.segmentSize = segmentSize
        self.sparesKept = sparesKept
        self.reserve = reserve
        // Whole pages, at least one: staged content is written in whole pages.
        self.stagingLimit = max(Self.pageSize, stagingLimit / Self.pageSize * Self.pageSize)
        let parent = (directory as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) == 0 {
            // The directory's entry is durable before a segment in it is relied on.
            try Self.syncDirectory(parent.isEmpty ? "." : parent)
        } else if errno != EEXIST {
            throw Self.error(errno, "creating \(directory)")
        }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, "opening \(directory)") }
        databaseSyncCoversDirectWrites = directIO && databaseDirectory.map { Self.syncCovers(spool: directory, database: $0) } == true
        let highest = Self.numbers(in: directory, suffix: Self.suffix).max() ?? 0
        state = Mutex(State(directory: descriptor, locked: false, nextNumber: highest + 1, direct: directIO))
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
        // A probe whose process ended before removing it; one in use is already open.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(Self.probePrefix) {
            unlink("\(directory)/\(name)")
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

    /// Takes the spool's lock if no other process holds it: a server calls it as it starts,
    /// so that its purges remove and recycle segments before any new content needs the
    /// spool (they do nothing without the lock).
    func takeLockIfFree() {
        state.withLock { lockIfFree(&$0) }
    }

    /// Whether content of `count` octets goes here: it is large enough for a store that
    /// shares its commit (``threshold``) or is alone in it (``aloneThreshold``, or
    /// ``threshold`` when the database's sync covers the spool's writes and a store alone
    /// costs no sync more than a blob), and this process holds the spool's lock or can take
    /// it now.
    func accepts(_ count: Int, sharingCommit: Bool = true) -> Bool {
        guard count >= (sharingCommit || databaseSyncCoversDirectWrites ? threshold : aloneThreshold) else { return false }
        return state.withLock { state in
            lockIfFree(&state)
            return state.locked
        }
    }

    /// Appends `content` to the current segment (starting a new one when it is full) and
    /// says where it lies. Written by ``syncAppended()`` at the latest, and durable only
    /// after it.
    func append(_ content: [UInt8]) throws(StorageError) -> Location {
        try state.withLock { state throws(StorageError) in
            guard state.locked else { throw StorageError(.failed, "another process appends to \(directory)") }
            let padded = Self.paddedLength(content.count)
            if let current = state.current, current.length > 0, current.length + padded > Int64(segmentSize) {
                try writeStaged(&state)
                state.retired.append(state.current!)
                state.current = nil
            }
            if state.current == nil {
                state.current = try createSegment(&state)
                state.directoryChanged = true
                prepareSpareIfNone(&state)
            }
            let offset = state.current!.length
            try stage(content, &state)
            state.current!.length += padded
            state.current!.unsynced = true
            return Location(segment: state.current!.number, offset: offset)
        }
    }

    /// Copies `content` and the zeros that complete its last page into the staging buffer,
    /// writing the buffer out whenever it fills.
    private func stage(_ content: [UInt8], _ state: inout State) throws(StorageError) {
        let padded = Int(Self.paddedLength(content.count))
        state.staging.grow(toHold: state.staging.count + padded, limit: stagingLimit)
        if state.staging.capacity == 0 { throw StorageError(.failed, "no memory for \(padded) octets of content") }
        var done = 0
        while done < content.count {
            if state.staging.count == state.staging.capacity { try writeStaged(&state) }
            let room = min(content.count - done, state.staging.capacity - state.staging.count)
            content.withUnsafeBytes { bytes in
                (state.staging.base! + state.staging.count).copyMemory(from: bytes.baseAddress! + done, byteCount: room)
            }
            state.staging.count += room
            done += room
        }
        // The capacity is whole pages, so the rest of the last page fits.
        let partial = state.staging.count % Self.pageSize
        if partial > 0 {
            (state.staging.base! + state.staging.count).initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageSize - partial)
            state.staging.count += Self.pageSize - partial
        }
    }

    /// Writes the staged content into the current segment. If that fails, the segment
    /// takes nothing more and the commit under way must fail: content of stores that
    /// succeeded is not where their rows would point.
    private func writeStaged(_ state: inout State) throws(StorageError) {
        guard state.staging.count > 0, let segment = state.current else { return }
        let bytes = UnsafeRawBufferPointer(start: state.staging.base, count: state.staging.count)
        state.staging.count = 0
        do throws(StorageError) {
            try Self.write(bytes, to: segment.descriptor, at: segment.written, direct: &state.direct)
            state.current!.written += Int64(bytes.count)
            if !state.direct || state.current!.written > segment.prewritten { state.current!.needsOwnSync = true }
        } catch {
            state.retired.append(segment)
            state.current = nil
            let failure = StorageError(error.kind, "appending to \(path(of: segment.number)): \(error.detail)")
            state.failedWrite = failure
            throw failure
        }
    }

    /// Forgets what a transaction that did not commit appended and did not write, and a
    /// write of it that failed: called at the start of every transaction. Every commit
    /// writes what was staged, so what is still staged then belongs to a transaction that
    /// was rolled back, and no row points at it; a failure recorded then failed only that
    /// transaction's content.
    func discardUncommitted() {
        state.withLock { state in
            state.failedWrite = nil
            state.staging.count = 0
            if let current = state.current { state.current!.length = current.written }
        }
    }

    /// Whether segments are written by direct I/O (until a file system refuses it).
    var writesDirectly: Bool {
        state.withLock { $0.direct }
    }

    /// Writes what is appended and makes every append so far durable, or durable with the
    /// database's next sync where that covers it (``databaseSyncCoversDirectWrites``): the
    /// segments written to, and the directory if a segment was created. Runs before the
    /// commit of the transaction that records them; if it throws, that transaction must
    /// not commit.
    func syncAppended() throws(StorageError) {
        try state.withLock { state throws(StorageError) in
            defer {
                for segment in state.retired { close(segment.descriptor) }
                state.retired = []
            }
            if let failure = state.failedWrite { throw failure }
            try writeStaged(&state)
            for segment in state.retired where needsSync(segment) {
                try sync(segment.descriptor, segment.number)
            }
            if let current = state.current, current.unsynced {
                do throws(StorageError) {
                    if needsSync(current) { try sync(current.descriptor, current.number) }
                    state.current!.unsynced = false
                    state.current!.needsOwnSync = false
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

    /// Whether this process holds the spool's lock.
    var holdsLock: Bool {
        state.withLock { $0.locked }
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
            // A spare's blocks are written and synced, size and block map included: a
            // segment whose last writes failed or were covered by the database's syncs is
            // synced before it becomes one.
            if let spare, syncFile(path), rename(path, self.path(of: spare, suffix: Self.spareSuffix)) == 0 {
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
                    let descriptor = Self.openForWriting(path, flags: 0, direct: &state.direct)
                    guard descriptor >= 0 else { throw Self.error(errno, "opening \(path)") }
                    // A spare was written whole and synced before it was named a spare. Flags
                    // set on it since (by hand, or inherited from the directory) may make
                    // ext4 buffer direct writes: then the segment syncs on its own.
                    var info = stat()
                    let size = fstat(descriptor, &info) == 0 && direct_writes_may_be_buffered(descriptor) == 0 ? Int64(info.st_size) : 0
                    return Segment(number: candidate, descriptor: descriptor, prewritten: size)
                }
                if errno == EEXIST { continue }
                // A spare that cannot be used is dropped; the segment is made empty instead.
                state.spares.removeFirst()
                unlink(sparePath)
            }
            let descriptor = Self.openForWriting(path, flags: O_CREAT | O_EXCL, direct: &state.direct)
            if descriptor >= 0 { return Segment(number: candidate, descriptor: descriptor) }
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

    /// Whether `segment` needs a sync of its own for its appends to be durable once the
    /// commit's own sync is done.
    private func needsSync(_ segment: Segment) -> Bool {
        segment.unsynced && (segment.needsOwnSync || !databaseSyncCoversDirectWrites)
    }

    private func sync(_ descriptor: Int32, _ number: Int64) throws(StorageError) {
        guard fdatasync(descriptor) == 0 else { throw Self.error(errno, "syncing \(path(of: number))") }
        syncs.add(1, ordering: .relaxed)
    }

    /// Segment syncs so far, those of segments about to become spares included (the
    /// directory's not counted).
    var segmentSyncs: Int { syncs.load(ordering: .relaxed) }

    /// Whether a sync of a file in `database` makes durable what a direct write to a file
    /// in `spool` over blocks already written and synced put on the disk before it.
    ///
    /// A direct write returns once the device has the data, in its volatile cache at worst,
    /// and over blocks already written it changes no block map. ext4 ends every `fdatasync`
    /// with a flush of the device's cache (a journal commit that carries one, or a flush of
    /// its own; a file system mounted without barriers makes no sync durable), and a flush
    /// makes every write the device completed before it durable, whichever file it was for
    /// (the kernel's "Explicit volatile write back cache control"). So the database's sync
    /// covers such writes when both directories are on one ext4 file system; anything else
    /// keeps the spool's own sync. XFS is left out: it may take a direct write through the
    /// page cache without a word (`-ENOTBLK`), and over blocks it shares with a copy
    /// (reflink) it writes elsewhere and remaps at its next log commit, which a sync of
    /// another file need not force.
    static func syncCovers(spool: String, database: String) -> Bool {
        var spoolInfo = stat(), databaseInfo = stat()
        guard stat(spool, &spoolInfo) == 0, stat(database, &databaseInfo) == 0, spoolInfo.st_dev == databaseInfo.st_dev else {
            return false
        }
        return file_system_type(spool) == ext4_file_system_type && directWritesBypassCache(in: spool)
    }

    /// Whether a direct write to a file in `directory` leaves the page cache alone. ext4
    /// takes direct writes through the cache without a word where it journals file data
    /// (`data=journal`, or `chattr +j` on the directory), and a write in the cache is
    /// durable only after a sync of its own file.
    static func directWritesBypassCache(in directory: String) -> Bool {
        let path = "\(directory)/\(probePrefix)\(getpid())"
        unlink(path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | direct_io_flag(), 0o600)
        guard descriptor >= 0 else { return false }
        defer {
            close(descriptor)
            unlink(path)
        }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, pageSize, pageSize) == 0, let memory else { return false }
        defer { free(memory) }
        memory.initializeMemory(as: UInt8.self, repeating: 0x2A, count: pageSize)
        guard pwrite(descriptor, memory, pageSize, 0) == pageSize,
              let mapped = mmap(nil, pageSize, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED
        else { return false }
        defer { munmap(mapped, pageSize) }
        var resident: UInt8 = 0
        return mincore(mapped, pageSize, &resident) == 0 && resident & 1 == 0
    }

    /// The name of the file ``directWritesBypassCache(in:)`` writes, before its process's
    /// number; one left by a process that ended meanwhile goes when the lock is taken.
    static let probePrefix = "direct-probe."

    /// Each content starts on a page of its own and is written in whole pages, zeros after
    /// it: direct I/O takes only whole blocks, and through the page cache a write over part
    /// of a page that the file holds but the cache does not would make the kernel read that
    /// page from the disk first (in a segment made from a spare, every page is such a page).
    static let pageSize = 4096

    static func paddedLength(_ count: Int) -> Int64 {
        Int64((count + pageSize - 1) / pageSize * pageSize)
    }

    /// Opens `path` to write, by direct I/O while `direct` holds; a file system that
    /// refuses it turns `direct` off.
    private static func openForWriting(_ path: String, flags: Int32, direct: inout Bool) -> Int32 {
        if direct {
            let descriptor = open(path, O_WRONLY | O_CLOEXEC | flags | direct_io_flag(), 0o600)
            guard descriptor < 0, errno == EINVAL else { return descriptor }
            direct = false
            // The refused open may have created the file.
            if flags & O_CREAT != 0 { unlink(path) }
        }
        return open(path, O_WRONLY | O_CLOEXEC | flags, 0o600)
    }

    /// Writes `bytes` at `offset`. A direct write the file system refuses (EINVAL: it wants
    /// another alignment, or none) is made again through the page cache, and so is every
    /// write after it.
    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64, direct: inout Bool) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if written > 0 {
                done += written
                continue
            }
            let failure = written < 0 ? errno : ENOSPC
            if failure == EINTR { continue }
            if failure == EINVAL {
                let flags = fcntl(descriptor, F_GETFL)
                if flags >= 0, flags & direct_io_flag() != 0 {
                    direct = false
                    if fcntl(descriptor, F_SETFL, flags & ~direct_io_flag()) == 0 { continue }
                }
            }
            throw error(failure, "writing")
        }
    }

    /// Syncs the file at `path`'s data and what reading it needs; false if that fails.
    private func syncFile(_ path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard fdatasync(descriptor) == 0 else { return false }
        syncs.add(1, ordering: .relaxed)
        return true
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
