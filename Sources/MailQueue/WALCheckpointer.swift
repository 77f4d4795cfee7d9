import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log back into the database file on a connection of its own, so
/// the group commit never waits for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that
/// commit, and every session waiting on it, pays for copying a thousand pages and syncing
/// the database file. Here the writer connection's commit hook only reports the log's
/// length, and a checkpoint runs beside the writer once the log is longer than
/// `threshold` frames.
///
/// A checkpoint beside a busy writer may never find the log fully copied when the next
/// transaction starts, and SQLite starts the log over only then; the log would grow
/// without end. So once it is longer than `restartThreshold` frames, the writer copies
/// what is left itself, between two of its transactions, where nothing can be appended
/// meanwhile: its next transaction starts the log over. (A checkpoint from the other
/// connection that waits for the writer instead seldom gets its turn while the writer
/// commits back to back.)
///
/// Durability is unchanged: a commit is on disk once the log is synced, which the
/// writer does before it answers. The checkpointer's connection syncs the database file
/// before it marks frames as copied, so the log is never reused over frames the file lacks.
final class WALCheckpointer: Sendable {
    /// Log frames (pages) after which a checkpoint starts beside the writer.
    let threshold: Int
    /// Log frames after which the writer copies the rest itself, so that the log starts over.
    let restartThreshold: Int

    private let connection: DatabaseQueue
    private let running = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)
    private let restarted = Atomic<Int>(0)

    /// Checkpoints run so far (for tests and benchmarks).
    var checkpoints: Int { completed.load(ordering: .relaxed) }
    /// Checkpoints the writer ran itself, after which the log started over.
    var restarts: Int { restarted.load(ordering: .relaxed) }

    init(path: String, threshold: Int = 1000, restartThreshold: Int = 8000) throws {
        precondition(threshold > 0 && restartThreshold >= threshold)
        self.threshold = threshold
        self.restartThreshold = restartThreshold
        var configuration = Configuration()
        configuration.label = "postamt-checkpoint"
        // Opening waits while another connection holds the database, as a store closing
        // does with its last checkpoint. Passive checkpoints never wait on it.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // A checkpoint syncs the database file before the log's frames count as copied.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Takes over the writer connection's checkpoints: from now on its commits report the
    /// log's length here, and SQLite's automatic checkpoint is off for it.
    func attach(to writer: Database) {
        let context = Unmanaged.passRetained(self).toOpaque()
        _ = sqlite3_wal_hook(writer.sqliteConnection, { context, writer, _, frames in
            let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue()
            checkpointer.logLength(Int(frames), writer: writer)
            return SQLITE_OK
        }, context)
    }

    /// Gives the writer connection's checkpoints back to SQLite.
    func detach(from writer: Database) {
        _ = sqlite3_wal_autocheckpoint(writer.sqliteConnection, Int32(threshold))
        Unmanaged.passUnretained(self).release()
    }

    /// Called by the writer after each commit, with the frames now in the log.
    private func logLength(_ frames: Int, writer: OpaquePointer?) {
        if frames >= restartThreshold {
            // Busy while the other connection checkpoints: tried again after the next commit.
            var log: Int32 = 0
            var copied: Int32 = 0
            if sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK, log == copied {
                restarted.add(1, ordering: .relaxed)
            }
            return
        }
        guard frames >= threshold,
              running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            checkpoint(db)
            running.store(false, ordering: .releasing)
        }
    }

    private func checkpoint(_ db: Database) {
        // A checkpoint that fails (busy, I/O error) is tried again after the next commit.
        if (try? db.checkpoint(.passive)) != nil {
            completed.add(1, ordering: .relaxed)
        }
    }
}
