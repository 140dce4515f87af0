internal import CSQLite
internal import Dispatch
internal import Synchronization

/// Copies a database's write-ahead log back into the database file on its own connection and queue, so that the
/// writer's commits do not pay for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold: that request waits while the
/// log is synced and thousands of pages are copied (~150 ms for 8,192 frames here). With this checkpointer the
/// writer's WAL hook only notes the log size and, past `frames`, schedules a PASSIVE checkpoint on another
/// connection; the writer goes on committing meanwhile (a passive checkpoint takes no lock the writer needs).
///
/// The log file starts over only when a write transaction begins with every frame copied, which a background
/// checkpoint beside a busy writer never achieves (the writer commits more frames meanwhile). So after each
/// background checkpoint the writer's next commit copies the few frames committed during it (a short passive
/// checkpoint in the commit), and the transaction after that restarts the log. If the log grows past
/// `backstopFrames` anyway (the checkpointer fell behind or cannot open the file), the writer checkpoints itself,
/// as SQLite's automatic checkpoint would.
final class WALCheckpointer: Sendable {
    let path: String
    /// The log size (frames) that schedules a background checkpoint.
    let frames: Int32
    /// The log size at which the writer checkpoints itself.
    let backstopFrames: Int32
    private let queue: DispatchQueue
    private let scheduled = Atomic<Bool>(false)
    /// A background checkpoint finished: the writer copies the rest at its next commit.
    private let tailPending = Atomic<Bool>(false)
    /// Checkpoints run in the background, and how many frames they copied.
    private let counts = Mutex<(runs: Int, framesCopied: Int)>((0, 0))
    /// The checkpointer's own connection, opened on first use.
    private let connection = Mutex<OpaquePointer?>(nil)

    init(path: String, frames: Int32) {
        self.path = path
        self.frames = max(frames, 1)
        self.backstopFrames = max(frames, 1) * 4
        self.queue = DispatchQueue(label: "bonded.sqlite.checkpoint.\(path)", qos: .utility)
    }

    deinit {
        connection.withLock { handle in
            if let handle { sqlite3_close_v2(handle) }
        }
    }

    /// Background checkpoints done so far and the frames they copied (for tests and diagnostics).
    var statistics: (runs: Int, framesCopied: Int) { counts.withLock { $0 } }

    /// Installs the checkpointer as `db`'s WAL hook (replacing SQLite's automatic checkpoint). `db` must not
    /// outlive the checkpointer: the hook holds it unretained, and `SQLiteConnection` keeps it.
    func install(on db: OpaquePointer) {
        sqlite3_wal_hook(
            db,
            { context, db, _, frames in
                guard let context else { return SQLITE_OK }
                let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
                return checkpointer.committed(db: db, frames: frames)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the writer's thread after each commit with the log's size in frames.
    private func committed(db: OpaquePointer?, frames logged: Int32) -> Int32 {
        if tailPending.exchange(false, ordering: .acquiringAndReleasing) || logged >= backstopFrames {
            // The frames committed since the background checkpoint began (or, when it fell behind, all of them):
            // copied here, so the next transaction starts the log over.
            sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return SQLITE_OK
        }
        if logged >= frames,
            scheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
                .exchanged
        {
            queue.async { [self] in
                checkpoint()
                scheduled.store(false, ordering: .releasing)
            }
        }
        return SQLITE_OK
    }

    /// Runs one passive checkpoint on the checkpointer's connection. Errors are left to the next attempt (and to
    /// the writer's backstop): a checkpoint only moves committed pages, it never loses them.
    func checkpoint() {
        connection.withLock { handle in
            if handle == nil {
                var opened: OpaquePointer?
                let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
                guard sqlite3_open_v2(path, &opened, flags, nil) == SQLITE_OK, let opened else {
                    sqlite3_close(opened)
                    return
                }
                sqlite3_exec(opened, "PRAGMA synchronous=NORMAL", nil, nil, nil)
                handle = opened
            }
            var logged: Int32 = 0
            var copied: Int32 = 0
            guard sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied) == SQLITE_OK
            else { return }
            counts.withLock {
                $0.runs += 1
                $0.framesCopied += Int(max(copied, 0))
            }
            tailPending.store(true, ordering: .releasing)
        }
    }

    /// Waits until a checkpoint scheduled so far has run.
    func drain() {
        queue.sync {}
    }
}
