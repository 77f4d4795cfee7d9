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
/// without end. So once it is longer than `restartThreshold` frames, the checkpoint also
/// holds new writes back for the few frames left and starts the log over.
///
/// Durability is unchanged: a commit is on disk once the log is synced, which the
/// writer does before it answers. The checkpointer's connection syncs the database file
/// before it marks frames as copied, so the log is never reused over frames the file lacks.
final class WALCheckpointer: Sendable {
    /// Log frames (pages) after which a checkpoint starts beside the writer.
    let threshold: Int
    /// Log frames after which the checkpoint also holds writes back to start the log over.
    let restartThreshold: Int

    private let connection: DatabaseQueue
    private let running = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)
    private let restarted = Atomic<Int>(0)

    /// Checkpoints run so far (for tests and benchmarks).
    var checkpoints: Int { completed.load(ordering: .relaxed) }
    /// Checkpoints that held writes back to start the log over.
    var restarts: Int { restarted.load(ordering: .relaxed) }

    init(path: String, threshold: Int = 1000, restartThreshold: Int = 8000) throws {
        precondition(threshold > 0 && restartThreshold >= threshold)
        self.threshold = threshold
        self.restartThreshold = restartThreshold
        var configuration = Configuration()
        configuration.label = "postamt-checkpoint"
        // Waits this long for readers before starting the log over; if they are still
        // there the log is started over at a later checkpoint.
        configuration.busyMode = .timeout(1)
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
        _ = sqlite3_wal_hook(writer.sqliteConnection, { context, _, _, frames in
            let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue()
            checkpointer.logLength(Int(frames))
            return SQLITE_OK
        }, context)
    }

    /// Gives the writer connection's checkpoints back to SQLite.
    func detach(from writer: Database) {
        _ = sqlite3_wal_autocheckpoint(writer.sqliteConnection, Int32(threshold))
        Unmanaged.passUnretained(self).release()
    }

    /// Called by the writer after each commit, with the frames now in the log.
    private func logLength(_ frames: Int) {
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
        guard let passive = try? db.checkpoint(.passive) else { return }
        completed.add(1, ordering: .relaxed)
        if passive.walFrameCount >= restartThreshold, (try? db.checkpoint(.restart)) != nil {
            restarted.add(1, ordering: .relaxed)
        }
    }
}
