#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Group commit into one file: the contents handed in while a sync is in flight are written
/// together and share the next `fdatasync`; each caller's future succeeds only after the
/// sync that covers its content.
///
/// The file is written in full once at the start and then overwritten in a ring, as a
/// database's log is once it restarts, so a sync never has to record a larger file. No
/// record describes where a message starts: this is the least a durable acceptor writes,
/// not a queue anyone could read back.
final class Journal: @unchecked Sendable {
    private struct Pending {
        var contents: [ByteBuffer] = []
        var promises: [EventLoopPromise<Void>] = []
    }

    private let descriptor: Int32
    private let capacity: Int
    /// Guarded by `lock`; its value is 1 while something waits to be written.
    private var pending = Pending()
    private let lock = ConditionLock(value: 0)
    private let thread = NIOThreadPool(numberOfThreads: 1)
    private var offset = 0

    /// Opens (or creates) `path`, fills `capacity` octets of it and syncs them, then starts
    /// the thread that writes.
    init(path: String, capacity: Int) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "open \(path)") }
        self.capacity = capacity
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        while written < capacity {
            let count = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, min($0.count, capacity - written), off_t(written)) }
            guard count > 0 else { throw IOError(errnoCode: errno, reason: "pwrite") }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw IOError(errnoCode: errno, reason: "fsync") }
        thread.start()
        thread.submit { [self] _ in run() }
    }

    /// Writes `content` with whatever else arrives meanwhile; the future succeeds on
    /// `eventLoop` once the content is synced.
    func append(_ content: ByteBuffer, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        lock.lock()
        pending.contents.append(content)
        pending.promises.append(promise)
        lock.unlock(withValue: 1)
        return promise.futureResult
    }

    private func run() {
        var batch = ByteBufferAllocator().buffer(capacity: 1 << 20)
        while true {
            lock.lock(whenValue: 1)
            let taken = pending
            pending = Pending()
            lock.unlock(withValue: 0)

            batch.clear()
            for var content in taken.contents {
                batch.writeBuffer(&content)
            }
            do {
                try write(batch)
                guard fdatasync(descriptor) == 0 else { throw IOError(errnoCode: errno, reason: "fdatasync") }
                taken.promises.forEach { $0.succeed(()) }
            } catch {
                taken.promises.forEach { $0.fail(error) }
            }
        }
    }

    /// Writes `batch` at the ring's current offset, starting over at the beginning when it
    /// would run past the end (a batch larger than the ring is written past it).
    private func write(_ batch: ByteBuffer) throws {
        if offset + batch.readableBytes > capacity {
            offset = 0
        }
        try batch.withUnsafeReadableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                guard count > 0 else { throw IOError(errnoCode: errno, reason: "pwrite") }
                done += count
            }
        }
        offset += batch.readableBytes
    }
}
