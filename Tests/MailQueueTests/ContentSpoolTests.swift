import CZeroFill
import Foundation
import GRDB
import Testing

@testable import MailQueue
@testable import SMTPCore

/// Large content of stores that share a commit lives in segment files beside the database,
/// synced before the commit that points at it.
@Suite("Content spool")
struct ContentSpoolTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString).sqlite").path
    }

    /// A store whose spool syncs each segment it writes, unless `coveredSyncs` lets the
    /// database's sync cover it where it can.
    private func store(at path: String, segmentSize: Int = 1 << 20, coveredSyncs: Bool = false) throws -> SQLiteMessageStore {
        try SQLiteMessageStore(
            path: path, capacity: 100_000, minimumFreeSpace: 0, checkpointAt: 1000, restartLogAt: 8000, segmentSize: segmentSize,
            spoolSyncsMayBeCovered: coveredSyncs
        )
    }

    /// Whether `path` is on ext4, whose syncs flush the device's cache.
    private func isOnExt4(_ path: String) -> Bool {
        file_system_type(path) == ext4_file_system_type
    }

    /// Waits until no spare is being written; the spares then ready.
    @discardableResult
    private func settledSpares(of spool: ContentSpool) async throws -> [Int64] {
        let giveUp = ContinuousClock.now + .seconds(30)
        while spool.isPreparingSpare, ContinuousClock.now < giveUp { try await Task.sleep(for: .milliseconds(5)) }
        #expect(!spool.isPreparingSpare, "a spare still being written after 30 s")
        return spool.spareNumbers
    }

    private func spareFiles(of spool: ContentSpool) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: spool.directory).filter { !$0.hasSuffix(".segment") }.sorted()
    }

    private func fileInfo(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// A message whose content is `size` octets of lines that name it, so that content put
    /// in the wrong place or cut short shows.
    private func message(size: Int, at time: Double = 1000) -> IncomingMessage {
        let id = QueueID.make()
        var content = [UInt8]()
        var line = 0
        while content.count < size {
            content += Array("\(id.rawValue) line \(line)\r\n".utf8)
            line += 1
        }
        content.removeLast(content.count - size)
        let recipient = Envelope.Recipient(forwardPath: .mailbox(Mailbox("bob@far.test")!))
        let envelope = Envelope(
            clientName: "client.test", usedExtendedHello: true, isTLS: false, authenticatedUser: nil,
            reversePath: .mailbox(Mailbox("alice@example.test")!), mailParameters: MailParameters(), recipients: [recipient]
        )
        return IncomingMessage(
            id: id, envelope: envelope, content: content, receivedAt: time, clientAddress: "192.0.2.1",
            deliveries: [PlannedDelivery(recipient: recipient, mailbox: recipient.forwardPath.mailbox!, route: .remote)]
        )
    }

    /// Stores `messages` in one commit; each store's result, in order.
    private func storeTogether(_ messages: [IncomingMessage], in store: SQLiteMessageStore) async throws -> [Result<Void, StorageError>] {
        try await inOneBatch(messages.map(storing), on: store).map { result in
            result.mapError { $0 as? StorageError ?? StorageError(.failed, "\($0)") }
        }
    }

    /// Where the queue keeps each message's content: its segment, or nil in the database.
    private func segments(of messages: [IncomingMessage], in store: SQLiteMessageStore) async throws -> [Int64?] {
        try await store.pool.read { db in
            try messages.map { message in
                let row = try #require(try Row.fetchOne(
                    db, sql: "SELECT content_segment, length(content) AS inline FROM message WHERE id = ?", arguments: [message.id.rawValue]
                ))
                let segment: Int64? = row["content_segment"]
                // Content is in one place only.
                #expect((row["inline"] as Int == 0) == (segment != nil))
                return segment
            }
        }
    }

    private func segmentFiles(of store: SQLiteMessageStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.spool.directory).filter { $0.hasSuffix(".segment") }.sorted()
    }

    private func deliver(_ messages: [IncomingMessage], in store: SQLiteMessageStore, now: Double) async throws {
        let ids = Set(messages.map(\.id))
        for claim in try await store.claimDeliveries(route: .remote, limit: 100, now: now, leaseDuration: 60, owner: "test") {
            let outcome: DeliveryOutcome = ids.contains(claim.messageID) ? .delivered(detail: "250 ok") : .deferred(reason: "451 4.3.0 later", retryAt: now + 3600)
            try await store.finish(claim, outcome: outcome, now: now)
        }
    }

    @Test("large content of stores sharing a commit goes to a segment, small content and a store alone stay in the database; all read back exactly")
    func sharedCommitsSpool() async throws {
        let path = temporaryPath()
        let store = try store(at: path)
        let large = (0..<4).map { _ in message(size: 64 << 10) }
        let small = message(size: 2000)
        for result in try await storeTogether(large + [small], in: store) {
            #expect(throws: Never.self) { try result.get() }
        }
        let alone = message(size: 64 << 10)
        try await store.store(alone)

        let places = try await segments(of: large + [small, alone], in: store)
        #expect(places.prefix(4).allSatisfy { $0 == 1 }, "\(places)")
        #expect(places.suffix(2) == [nil, nil])
        #expect(try segmentFiles(of: store) == ["1.segment"])
        let segmentSize = try FileManager.default.attributesOfItem(atPath: store.spool.path(of: 1))[.size] as? Int
        #expect(segmentSize == 4 * (64 << 10), "the content once, nothing else")
        for message in large + [small, alone] {
            #expect(try await store.content(of: message.id) == message.content)
        }

        // Another process opening the same queue finds the spooled content, and keeps its own
        // content in the database: the first holds the spool's lock.
        let second = try self.store(at: path)
        #expect(try await second.content(of: large[2].id) == large[2].content)
        #expect(!second.spool.accepts(1 << 20))
        let more = (0..<2).map { _ in message(size: 64 << 10) }
        _ = try await storeTogether(more, in: second)
        #expect(try await segments(of: more, in: second) == [nil, nil])
    }

    @Test("a store alone in its commit keeps content below 128 KiB in the database and spools larger content; each reads back exactly, also after a restart")
    func storeAloneSpoolsLargeContent() async throws {
        let path = temporaryPath()
        var store: SQLiteMessageStore? = try self.store(at: path)
        let below = message(size: SQLiteMessageStore.defaultSpoolAloneThreshold - 1)
        let large = message(size: 300 << 10)
        try await store!.store(below)
        try await store!.store(large)
        #expect(try await segments(of: [below, large], in: store!) == [nil, 1])
        #expect(try await store!.content(of: below.id) == below.content)
        #expect(try await store!.content(of: large.id) == large.content)
        store = nil

        let restarted = try self.store(at: path)
        #expect(try await restarted.content(of: below.id) == below.content)
        #expect(try await restarted.content(of: large.id) == large.content)
    }

    @Test("a full segment is followed by a new one; content is never split between two")
    func rotation() async throws {
        let store = try store(at: temporaryPath(), segmentSize: 150 << 10)
        let messages = (0..<5).map { _ in message(size: 64 << 10) }
        _ = try await storeTogether(messages, in: store)
        #expect(try await segments(of: messages, in: store) == [1, 1, 2, 2, 3])
        #expect(try segmentFiles(of: store) == ["1.segment", "2.segment", "3.segment"])
        for message in messages {
            #expect(try await store.content(of: message.id) == message.content)
        }
    }

    @Test("content stored before a restart is read after it; the restarted queue appends to a segment of its own")
    func restart() async throws {
        let path = temporaryPath()
        var store: SQLiteMessageStore? = try self.store(at: path)
        let before = (0..<3).map { _ in message(size: 40 << 10) }
        _ = try await storeTogether(before, in: store!)
        store = nil
        let restarted = try self.store(at: path)
        // The lock passes on once the first store's writer has finished.
        let giveUp = ContinuousClock.now + .seconds(30)
        while !restarted.spool.accepts(1 << 20), ContinuousClock.now < giveUp { try await Task.sleep(for: .milliseconds(10)) }
        for message in before {
            #expect(try await restarted.content(of: message.id) == message.content)
        }
        let after = (0..<2).map { _ in message(size: 40 << 10) }
        _ = try await storeTogether(after, in: restarted)
        #expect(try await segments(of: before + after, in: restarted) == [1, 1, 1, 2, 2])
    }

    @Test("a segment no message points at any longer is removed by the purge; the segment being written is kept")
    func purgeRemovesSegments() async throws {
        let store = try store(at: temporaryPath(), segmentSize: 150 << 10)
        let old = (0..<2).map { _ in message(size: 64 << 10, at: 1000) }
        let recent = (0..<2).map { _ in message(size: 64 << 10, at: 5000) }
        _ = try await storeTogether(old + recent, in: store)
        #expect(try await segments(of: old + recent, in: store) == [1, 1, 2, 2])
        try await deliver(old + recent, in: store, now: 6000)

        #expect(try await store.purgeFinished(receivedBefore: 2000, limit: 10) == 2)
        #expect(try segmentFiles(of: store) == ["2.segment"])
        for message in recent {
            #expect(try await store.content(of: message.id) == message.content)
        }
        // Segment 2 is still the one new content goes to: kept even with nothing in it.
        #expect(try await store.purgeFinished(receivedBefore: 9000, limit: 10) == 2)
        #expect(try segmentFiles(of: store) == ["2.segment"])
        // It holds 128 KiB of its 150: the first of these fits, the second starts segment 3.
        let next = (0..<2).map { _ in message(size: 20 << 10, at: 9500) }
        _ = try await storeTogether(next, in: store)
        #expect(try await segments(of: next, in: store) == [2, 3])
        #expect(try await store.content(of: next[1].id) == next[1].content)
    }

    @Test("a segment mostly dead has the content of its waiting messages moved into the database, and goes")
    func sparseSegmentsMoved() async throws {
        let store = try store(at: temporaryPath(), segmentSize: 330 << 10)
        let first = (0..<5).map { _ in message(size: 64 << 10, at: 1000) }
        let second = [message(size: 64 << 10, at: 1000)]
        _ = try await storeTogether(first + second, in: store)
        #expect(try await segments(of: first + second, in: store) == [1, 1, 1, 1, 1, 2])
        // Four of the first segment's five are delivered; one waits for a later attempt.
        let waiting = first[2]
        try await deliver(first.filter { $0.id != waiting.id }, in: store, now: 2000)

        #expect(try await store.purgeFinished(receivedBefore: 3000, limit: 10) == 4)
        #expect(try await segments(of: [waiting], in: store) == [nil])
        #expect(try await store.content(of: waiting.id) == waiting.content)
        #expect(try segmentFiles(of: store) == ["2.segment"])
        #expect(try await store.content(of: second[0].id) == second[0].content)
    }

    @Test("a segment that cannot be made fails the store that needed it, as failed (451 4.3.0), and it alone; the next one is stored")
    func segmentCannotBeMade() async throws {
        let store = try store(at: temporaryPath())
        let directory = store.spool.directory
        let moved = directory + "-moved"
        // A file where the segments' directory was: creating a segment in it fails.
        try FileManager.default.moveItem(atPath: directory, toPath: moved)
        #expect(FileManager.default.createFile(atPath: directory, contents: Data("not a directory".utf8)))
        let messages = [message(size: 64 << 10), message(size: 1000)]
        let results = try await storeTogether(messages, in: store)
        guard case .failure(let error) = results[0] else {
            Issue.record("a store succeeded whose segment could not be made")
            return
        }
        #expect(error.kind == .failed)
        #expect(throws: Never.self) { try results[1].get() }
        #expect(try await store.content(of: messages[0].id) == nil)
        #expect(try await store.content(of: messages[1].id) == messages[1].content)

        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.moveItem(atPath: moved, toPath: directory)
        let again = [message(size: 64 << 10), message(size: 64 << 10)]
        for result in try await storeTogether(again, in: store) {
            #expect(throws: Never.self) { try result.get() }
        }
        for message in again {
            #expect(try await store.content(of: message.id) == message.content)
        }
    }

    @Test("a spare of zeros is written while the first segment fills; the next segment is made from it, its blocks already there, and holds its content exactly")
    func spareWrittenAhead() async throws {
        let segmentSize = 150 << 10
        let store = try store(at: temporaryPath(), segmentSize: segmentSize)
        let first = (0..<2).map { _ in message(size: 64 << 10) }
        _ = try await storeTogether(first, in: store)
        #expect(try await settledSpares(of: store.spool) == [1])
        let sparePath = store.spool.path(of: 1, suffix: ContentSpool.spareSuffix)
        let spare = try #require(fileInfo(sparePath))
        #expect(Int(spare.st_size) == segmentSize)
        #expect(Int(spare.st_blocks) * 512 >= segmentSize, "written, not a sparse file")
        let zeros = try #require(FileManager.default.contents(atPath: sparePath))
        #expect(zeros.allSatisfy { $0 == 0 })

        let second = (0..<2).map { _ in message(size: 64 << 10) }
        _ = try await storeTogether(second, in: store)
        #expect(try await segments(of: first + second, in: store) == [1, 1, 2, 2])
        let made = try #require(fileInfo(store.spool.path(of: 2)))
        #expect(made.st_ino == spare.st_ino, "segment 2 is the spare, renamed")
        #expect(Int(made.st_size) == segmentSize, "written over, not appended to")
        #expect(fileInfo(sparePath) == nil)
        for message in first + second {
            #expect(try await store.content(of: message.id) == message.content)
        }
        // Taking the spare started the next one.
        #expect(try await settledSpares(of: store.spool) == [2])
    }

    @Test("a segment the purge no longer needs becomes a spare while fewer than two are kept, the rest are removed; content written over a former segment reads back exactly")
    func segmentsRecycled() async throws {
        let store = try store(at: temporaryPath(), segmentSize: 150 << 10)
        let spool = store.spool
        var old = [IncomingMessage]()
        for _ in 0..<2 {
            let pair = (0..<2).map { _ in message(size: 64 << 10, at: 1000) }
            _ = try await storeTogether(pair, in: store)
            try await settledSpares(of: spool)
            old += pair
        }
        let recent = (0..<2).map { _ in message(size: 64 << 10, at: 5000) }
        _ = try await storeTogether(recent, in: store)
        #expect(try await segments(of: old + recent, in: store) == [1, 1, 2, 2, 3, 3])
        #expect(try await settledSpares(of: spool) == [3])
        let firstSegment = try #require(fileInfo(spool.path(of: 1)))
        try await deliver(old + recent, in: store, now: 6000)

        let syncsBefore = spool.segmentSyncs
        #expect(try await store.purgeFinished(receivedBefore: 2000, limit: 10) == 4)
        #expect(try segmentFiles(of: store) == ["3.segment"])
        #expect(spool.segmentSyncs == syncsBefore + 1, "segment 1 synced before it became a spare")
        // Segment 1 joined the spare written ahead; segment 2 found two kept and went.
        #expect(spool.spareNumbers == [3, 4])
        #expect(try spareFiles(of: spool) == ["3.spare", "4.spare"])
        #expect(fileInfo(spool.path(of: 4, suffix: ContentSpool.spareSuffix))?.st_ino == firstSegment.st_ino)

        // Segment 3 holds 128 KiB of its 150: each of these starts a segment, made from
        // spare 3 and then from the former segment 1, written over.
        var later = [IncomingMessage]()
        for _ in 0..<2 {
            let pair = (0..<2).map { _ in message(size: 64 << 10, at: 9000) }
            _ = try await storeTogether(pair, in: store)
            later += pair
        }
        #expect(try await segments(of: later, in: store) == [4, 4, 5, 5])
        #expect(fileInfo(spool.path(of: 5))?.st_ino == firstSegment.st_ino)
        for message in recent + later {
            #expect(try await store.content(of: message.id) == message.content)
        }
    }

    @Test("a read of a segment made a spare since its row was read fails, not returns what follows in the file")
    func readOfRecycledSegment() async throws {
        let directory = temporaryPath() + "-content"
        let spool = try ContentSpool(directory: directory, threshold: 1, segmentSize: 150 << 10)
        #expect(spool.accepts(1))
        let content = [UInt8](repeating: 7, count: 64 << 10)
        let location = try spool.append(content)
        _ = try spool.append(content)
        try spool.syncAppended()
        #expect(try spool.read(location, count: content.count) == content)
        _ = try spool.append(content)
        try spool.syncAppended()
        #expect(spool.firstOpenSegment == 2)
        try await settledSpares(of: spool)

        #expect(spool.removeSegments(below: 2, except: []) == 1)
        #expect(throws: StorageError.self) { try spool.read(location, count: content.count) }
    }

    @Test("spares a run before left are used, half-written ones removed, once the spool's lock is taken")
    func sparesFromBefore() async throws {
        let directory = temporaryPath() + "-content"
        let segmentSize = 150 << 10
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: directory + "/7.spare", contents: Data(count: segmentSize)))
        #expect(FileManager.default.createFile(atPath: directory + "/9.preparing", contents: Data(count: 1000)))
        let left = try #require(fileInfo(directory + "/7.spare"))

        let spool = try ContentSpool(directory: directory, threshold: 1, segmentSize: segmentSize)
        #expect(spool.accepts(1))
        #expect(fileInfo(directory + "/9.preparing") == nil)
        let content = [UInt8](repeating: 42, count: 10_000)
        let location = try spool.append(content)
        try spool.syncAppended()
        #expect(location == ContentSpool.Location(segment: 1, offset: 0))
        #expect(fileInfo(spool.path(of: 1))?.st_ino == left.st_ino)
        #expect(try spool.read(location, count: content.count) == content)
        // Content starts on a page of its own.
        let next = [UInt8](repeating: 43, count: 5000)
        let nextLocation = try spool.append(next)
        try spool.syncAppended()
        #expect(nextLocation == ContentSpool.Location(segment: 1, offset: 12288))
        #expect(try spool.read(nextLocation, count: next.count) == next)
        #expect(try spool.read(location, count: content.count) == content)
        // The next spare takes the number after the one found.
        #expect(try await settledSpares(of: spool) == [8])
    }

    @Test("no spare is written when it would leave less free space than the queue keeps")
    func noSpareWithoutRoom() async throws {
        let spool = try ContentSpool(directory: temporaryPath() + "-content", threshold: 1, segmentSize: 150 << 10, reserve: .max)
        #expect(spool.accepts(1))
        _ = try spool.append([UInt8](repeating: 1, count: 1000))
        try spool.syncAppended()
        // Whether to write one is decided when the segment is made, under the spool's lock.
        #expect(!spool.isPreparingSpare)
        #expect(spool.spareNumbers.isEmpty)
        #expect(try spareFiles(of: spool).isEmpty)
    }

    @Test("a spare that is also a segment (a run ended between taking it and dropping its spare name) loses its spare name only, and is never written over")
    func spareThatIsAlsoASegment() async throws {
        let directory = temporaryPath() + "-content"
        let segmentSize = 150 << 10
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let kept = [UInt8](repeating: 9, count: 20_000)
        #expect(FileManager.default.createFile(atPath: directory + "/3.segment", contents: Data(kept + [UInt8](repeating: 0, count: segmentSize - kept.count))))
        #expect(link(directory + "/3.segment", directory + "/7.spare") == 0)

        let spool = try ContentSpool(directory: directory, threshold: 1, segmentSize: segmentSize)
        #expect(spool.accepts(1))
        #expect(spool.spareNumbers.isEmpty)
        #expect(fileInfo(directory + "/7.spare") == nil)
        let location = try spool.append([UInt8](repeating: 1, count: 10_000))
        try spool.syncAppended()
        #expect(location.segment == 4)
        #expect(fileInfo(spool.path(of: 4))?.st_ino != fileInfo(directory + "/3.segment")?.st_ino)
        #expect(try spool.read(ContentSpool.Location(segment: 3, offset: 0), count: kept.count) == kept)
    }

    @Test("content read from a segment counts only if the row still points at it: a message purged meanwhile, its segment's number taken by a new segment, reads as gone, not as what the new one holds")
    func contentOfSegmentReplacedMeanwhile() async throws {
        let store = try store(at: temporaryPath(), segmentSize: 150 << 10)
        let old = (0..<2).map { _ in message(size: 64 << 10, at: 1000) }
        _ = try await storeTogether(old, in: store)
        // A third message starts segment 2, so segment 1 is below the one being written.
        let next = (0..<2).map { _ in message(size: 64 << 10, at: 5000) }
        _ = try await storeTogether(next, in: store)
        #expect(try await segments(of: old + next, in: store) == [1, 1, 2, 2])
        try await deliver(old, in: store, now: 6000)

        let segmentPath = store.spool.path(of: 1)
        store.betweenRowAndSegment.withLock { gap in
            gap = { @Sendable in
                // The purge makes segment 1 a spare or removes it; then a file of that name
                // holds other content, as a segment made after a restart would.
                _ = try? await store.purgeFinished(receivedBefore: 2000, limit: 10)
                _ = FileManager.default.createFile(atPath: segmentPath, contents: Data(repeating: 0x58, count: 200 << 10))
            }
        }
        #expect(try await store.content(of: old[0].id) == nil)
        store.betweenRowAndSegment.withLock { $0 = nil }
        #expect(try await store.content(of: next[0].id) == next[0].content)
    }

    /// How many of the file's pages the page cache holds.
    private func cachedPages(of path: String) throws -> Int {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let size = Int(try #require(fileInfo(path)).st_size)
        guard size > 0 else { return 0 }
        let mapped = try #require(mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0))
        try #require(mapped != MAP_FAILED)
        defer { munmap(mapped, size) }
        let pages = (size + ContentSpool.pageSize - 1) / ContentSpool.pageSize
        var residency = [UInt8](repeating: 0, count: pages)
        #expect(mincore(mapped, size, &residency) == 0)
        return residency.filter { $0 & 1 != 0 }.count
    }

    /// Direct I/O still on, and none of the segment's pages cached: every write was whole
    /// aligned pages (a misaligned one would have been made again through the page cache).
    private func expectWrittenDirectly(_ spool: ContentSpool, segment: Int64) throws {
        #expect(spool.writesDirectly, "a direct write was refused")
        if try !isOnTmpfs(spool.directory) {
            #expect(try cachedPages(of: spool.path(of: segment)) == 0, "segment \(segment) written through the page cache")
        }
    }

    /// Whether `path` is on tmpfs, where the page cache is the file's only copy.
    private func isOnTmpfs(_ path: String) throws -> Bool {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        var longest = ""
        var type = ""
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 2 else { continue }
            let mountPoint = fields[1]
            let prefix = mountPoint.hasSuffix("/") ? mountPoint : mountPoint + "/"
            guard resolved == mountPoint || resolved.hasPrefix(prefix), mountPoint.count >= longest.count else { continue }
            longest = mountPoint
            type = fields[2]
        }
        return type == "tmpfs"
    }

    @Test(
        "appended content waits until the sync and is written then, past the page cache unless told otherwise; each content reads back exactly",
        arguments: [true, false]
    )
    func contentWrittenAtTheSync(directIO: Bool) throws {
        let directory = temporaryPath() + "-content"
        let spool = try ContentSpool(directory: directory, threshold: 1, segmentSize: 1 << 20, directIO: directIO)
        #expect(spool.accepts(1))
        let contents = (0..<3).map { [UInt8](repeating: UInt8(0x41 + $0), count: 50_000 + $0) }
        let locations = try contents.map { try spool.append($0) }
        #expect(locations.map(\.offset) == [0, 53248, 106_496])
        let path = spool.path(of: 1)
        #expect(try #require(fileInfo(path)).st_size == 0, "nothing written before the sync")
        try spool.syncAppended()
        #expect(try #require(fileInfo(path)).st_size == 3 * 53248)
        if directIO, try !isOnTmpfs(directory) {
            #expect(try cachedPages(of: path) == 0, "written by direct I/O, not through the page cache")
        }
        for (content, location) in zip(contents, locations) {
            #expect(try spool.read(location, count: content.count) == content)
        }
        // Zeros complete each content's last page.
        let file = try #require(FileManager.default.contents(atPath: path))
        #expect(file[50_000..<53248].allSatisfy { $0 == 0 })

        // The next commit's content follows in the same segment.
        let more = [UInt8](repeating: 0x5A, count: 4096)
        let moreLocation = try spool.append(more)
        try spool.syncAppended()
        #expect(moreLocation == ContentSpool.Location(segment: 1, offset: 3 * 53248))
        #expect(try spool.read(moreLocation, count: more.count) == more)
        #expect(try spool.read(locations[0], count: contents[0].count) == contents[0])
    }

    @Test(
        "where the database's sync covers the spool, a segment made from a spare and written by direct I/O gets no sync of its own, a segment created empty does, a store alone spools from the shared threshold, and all content reads back after a restart"
    )
    func syncsCoveredByTheDatabase() async throws {
        let path = temporaryPath()
        let directory = (path as NSString).deletingLastPathComponent
        try #require(isOnExt4(directory), "the test's directory is on ext4")
        #expect(ContentSpool.syncCovers(spool: directory, database: directory))
        #expect(ContentSpool.directWritesBypassCache(in: directory))

        let segmentSize = 512 << 10
        var store: SQLiteMessageStore? = try self.store(at: path, segmentSize: segmentSize, coveredSyncs: true)
        let spool = store!.spool
        #expect(spool.databaseSyncCoversDirectWrites)
        // Alone in its commit, above the shared threshold and below the one for stores
        // alone without cover: spooled all the same.
        let alone = message(size: SQLiteMessageStore.defaultSpoolThreshold)
        try await store!.store(alone)
        #expect(try await segments(of: [alone], in: store!) == [1])
        // Segment 1 was created empty: its appends grew the file, and it synced them.
        #expect(spool.segmentSyncs == 1)
        try await settledSpares(of: spool)

        // Fill segment 1; segment 2 is made from the spare written meanwhile.
        var stored = [alone]
        while try await segments(of: [stored.last!], in: store!) != [2] {
            let next = message(size: 60 << 10)
            try await store!.store(next)
            stored.append(next)
        }
        let syncsBefore = spool.segmentSyncs
        for _ in 0..<2 {
            let next = message(size: 60 << 10)
            try await store!.store(next)
            stored.append(next)
        }
        let together = (0..<2).map { _ in message(size: 40 << 10) }
        for result in try await storeTogether(together, in: store!) {
            #expect(throws: Never.self) { try result.get() }
        }
        stored += together
        #expect(try await segments(of: Array(stored.suffix(5)), in: store!) == [2, 2, 2, 2, 2])
        #expect(spool.segmentSyncs == syncsBefore, "segment 2 is a spare's blocks, written directly: covered")
        try expectWrittenDirectly(spool, segment: 2)
        store = nil

        let restarted = try self.store(at: path, segmentSize: segmentSize, coveredSyncs: true)
        for message in stored {
            #expect(try await restarted.content(of: message.id) == message.content)
        }
    }

    @Test(
        "the database's sync does not cover the spool on another file system, through the page cache, or when told not to: every segment written is synced, and a store alone keeps smaller content in the database",
        .enabled(if: getuid() == 0, "mounts a tmpfs as the spool's directory")
    )
    func syncsNotCovered() async throws {
        let path = temporaryPath()
        let directory = (path as NSString).deletingLastPathComponent
        try await withSmallFileSystem(at: path + "-content", size: 4 << 20) {
            #expect(!ContentSpool.syncCovers(spool: path + "-content", database: directory))
            #expect(!ContentSpool.directWritesBypassCache(in: path + "-content"), "tmpfs: the page cache is the file")
            let store = try store(at: path, coveredSyncs: true)
            #expect(!store.spool.databaseSyncCoversDirectWrites)
            let alone = message(size: 64 << 10)
            try await store.store(alone)
            #expect(try await segments(of: [alone], in: store) == [nil])
            let together = (0..<2).map { _ in message(size: 64 << 10) }
            _ = try await storeTogether(together, in: store)
            #expect(try await segments(of: together, in: store) == [1, 1])
            #expect(store.spool.segmentSyncs == 1)
        }
        // On ext4 as well, writes through the page cache are not covered.
        let spool = try ContentSpool(
            directory: temporaryPath() + "-content", threshold: 1, directIO: false, databaseDirectory: directory
        )
        #expect(!spool.databaseSyncCoversDirectWrites)
        #expect(spool.accepts(1))
        _ = try spool.append([UInt8](repeating: 7, count: 5000))
        try spool.syncAppended()
        #expect(spool.segmentSyncs == 1)
        // Nor are they when the store is told not to rely on it.
        let told = try store(at: temporaryPath(), coveredSyncs: false)
        #expect(!told.spool.databaseSyncCoversDirectWrites)
    }

    @Test("a store readied for serving takes the spool's lock: after a restart its purge recycles the segments no message needs before any new content comes; a second process readying the same queue does not take it")
    func preparedForServing() async throws {
        let path = temporaryPath()
        var store: SQLiteMessageStore? = try self.store(at: path, segmentSize: 150 << 10)
        let old = (0..<2).map { _ in message(size: 64 << 10, at: 1000) }
        _ = try await storeTogether(old, in: store!)
        #expect(try await segments(of: old, in: store!) == [1, 1])
        try await settledSpares(of: store!.spool)
        try await deliver(old, in: store!, now: 6000)
        store = nil

        // Restarted: nothing new is stored, yet the purge can recycle segment 1. The store
        // before may take a moment to go, and its lock with it.
        let restarted = try self.store(at: path, segmentSize: 150 << 10)
        let giveUp = ContinuousClock.now + .seconds(30)
        restarted.prepareForServing()
        while !restarted.spool.holdsLock, ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(10))
            restarted.prepareForServing()
        }
        #expect(restarted.spool.holdsLock)
        let second = try self.store(at: path, segmentSize: 150 << 10)
        second.prepareForServing()
        #expect(!second.spool.accepts(1 << 20), "the first to ready the queue holds the lock")
        #expect(try await restarted.purgeFinished(receivedBefore: 2000, limit: 10) == 2)
        #expect(try segmentFiles(of: restarted).isEmpty)
        #expect(restarted.spool.spareNumbers.count == 2, "the spare written before and segment 1")
    }

    @Test("a file whose flags cannot be read counts as one whose direct writes may be buffered; a segment file made here does not")
    func directWriteFlags() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(direct_writes_may_be_buffered(ends[0]) == 1)
        let spool = try ContentSpool(directory: temporaryPath() + "-content", threshold: 1)
        #expect(spool.accepts(1))
        _ = try spool.append([UInt8](repeating: 1, count: 100))
        try spool.syncAppended()
        let descriptor = open(spool.path(of: 1), O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(direct_writes_may_be_buffered(descriptor) == 0)
    }

    @Test("a probe file a process left behind goes when the spool's lock is taken")
    func probeLeftBehind() throws {
        let directory = temporaryPath() + "-content"
        let spool = try ContentSpool(directory: directory, threshold: 1)
        let left = "\(directory)/\(ContentSpool.probePrefix)999999"
        #expect(FileManager.default.createFile(atPath: left, contents: Data(count: 4096)))
        #expect(spool.accepts(1))
        #expect(fileInfo(left) == nil)
    }

    @Test("content larger than the staging buffer is written as it comes, in whole pages, the content staged before it first; all reads back exactly")
    func contentLargerThanTheStagingBuffer() throws {
        let spool = try ContentSpool(directory: temporaryPath() + "-content", threshold: 1, segmentSize: 1 << 20, stagingLimit: 64 << 10)
        #expect(spool.accepts(1))
        let small = [UInt8](repeating: 1, count: 10_000)
        var large = [UInt8]()
        while large.count < 300_000 { large += Array("line \(large.count)\r\n".utf8) }
        let last = [UInt8](repeating: 3, count: 5000)
        let locations = [try spool.append(small), try spool.append(large), try spool.append(last)]
        #expect(locations.map(\.offset) == [0, 12288, 12288 + ContentSpool.paddedLength(large.count)])
        // The staging buffer filled while the large content came: written up to it.
        #expect(try #require(fileInfo(spool.path(of: 1))).st_size >= 64 << 10)
        try spool.syncAppended()
        try expectWrittenDirectly(spool, segment: 1)
        #expect(try spool.read(locations[0], count: small.count) == small)
        #expect(try spool.read(locations[1], count: large.count) == large)
        #expect(try spool.read(locations[2], count: last.count) == last)
    }

    @Test("content staged for a full segment is written before the next segment starts; both read back exactly after one sync")
    func stagedContentOfAFullSegment() throws {
        let spool = try ContentSpool(directory: temporaryPath() + "-content", threshold: 1, segmentSize: 150 << 10)
        #expect(spool.accepts(1))
        let contents = (0..<3).map { [UInt8](repeating: UInt8(0x61 + $0), count: 64 << 10) }
        let locations = try contents.map { try spool.append($0) }
        #expect(locations.map(\.segment) == [1, 1, 2])
        #expect(try #require(fileInfo(spool.path(of: 1))).st_size >= 128 << 10, "written when the segment was left")
        try spool.syncAppended()
        try expectWrittenDirectly(spool, segment: 1)
        try expectWrittenDirectly(spool, segment: 2)
        for (content, location) in zip(contents, locations) {
            #expect(try spool.read(location, count: content.count) == content)
        }
    }

    @Test("content staged by a transaction that was rolled back is dropped at the next one: the next append takes its place")
    func stagedContentOfARolledBackTransaction() throws {
        let spool = try ContentSpool(directory: temporaryPath() + "-content", threshold: 1, segmentSize: 1 << 20)
        #expect(spool.accepts(1))
        let kept = [UInt8](repeating: 1, count: 10_000)
        let keptLocation = try spool.append(kept)
        try spool.syncAppended()
        let dropped = try spool.append([UInt8](repeating: 2, count: 20_000))
        spool.discardUncommitted()
        let next = [UInt8](repeating: 3, count: 5000)
        let nextLocation = try spool.append(next)
        #expect(nextLocation == dropped)
        try spool.syncAppended()
        #expect(try #require(fileInfo(spool.path(of: 1))).st_size == 12288 + 8192)
        #expect(try spool.read(keptLocation, count: kept.count) == kept)
        #expect(try spool.read(nextLocation, count: next.count) == next)
    }

    /// Mounts a tmpfs of `size` octets at `directory` for the test's duration.
    private func withSmallFileSystem<T>(at directory: String, size: Int, _ body: () async throws -> T) async throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/" + arguments[0])
            process.arguments = Array(arguments.dropFirst())
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(try run(["mount", "-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", directory]) == 0, "mounting a tmpfs")
        defer { _ = try? run(["umount", "--lazy", directory]) }
        return try await body()
    }

    @Test(
        "a spool without room: the stores whose content could not be written fail as insufficient space (452 4.3.1), nothing of them is kept, and the next commits go through",
        .enabled(if: getuid() == 0, "mounts a small tmpfs as the spool's directory")
    )
    func spoolWithoutRoom() async throws {
        let path = temporaryPath()
        try await withSmallFileSystem(at: path + "-content", size: 1 << 20) {
            let store = try store(at: path, segmentSize: 16 << 20)
            // Alone in its commit and larger than the staging buffer: written while it is
            // appended, and the write fails there, before the commit.
            let huge = message(size: 5 << 20)
            await #expect {
                try await store.store(huge)
            } throws: { error in
                (error as? StorageError)?.kind == .insufficientSpace
            }
            #expect(try await store.content(of: huge.id) == nil)
            // The failure belonged to that transaction: the next one is not failed by it.
            let small = message(size: 1000)
            try await store.store(small)
            #expect(try await store.content(of: small.id) == small.content)

            // Stores sharing a commit, their content written at its end: all of them fail.
            let together = (0..<3).map { _ in message(size: 64 << 10) }
            for result in try await storeTogether(together, in: store) {
                guard case .failure(let error) = result else {
                    Issue.record("a store succeeded whose content could not be written")
                    continue
                }
                #expect(error.kind == .insufficientSpace)
            }
            for message in together {
                #expect(try await store.content(of: message.id) == nil)
            }
            let after = message(size: 2000)
            try await store.store(after)
            #expect(try await store.content(of: after.id) == after.content)
            #expect(try await store.content(of: small.id) == small.content)
        }
    }
}
