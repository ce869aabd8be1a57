#if Alerts
    import Foundation
    import GRDB
    import SendCheckCore

    /// The alert job's memory: one SQLite file (mode 0600) holding every alert by the finding's
    /// identity, the digests queued for delivery, and a row per run.
    ///
    /// A run writes its state and queues its digests in one transaction; each digest is then marked
    /// delivered in its own small transaction as soon as the server accepts it. A digest the server
    /// did not accept stays queued and goes on the next run, with the same Message-ID.
    public final class AlertStore {
        let db: DatabaseQueue
        public let path: String
        /// How many of the latest runs keep what they changed (`alert_undo`), so `rewind` undoes them
        /// exactly; older runs' journals are let go and such runs are undone by their dates.
        var journaledRuns: Int64 = 90

        /// A queued digest.
        public struct Queued: Sendable {
            public var mail: OutgoingMail
            public var attempts: Int
            public var asOf: Day
        }

        public struct Failure: Error, CustomStringConvertible {
            public var description: String
        }

        /// Opens (creating it with mode 0600 if need be) and migrates the state file.
        public init(path: String) throws {
            self.path = path
            let created = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard created >= 0 else {
                throw Failure(description: "\(path): cannot open the alert state: \(String(cString: strerror(errno)))")
            }
            var info = stat()
            fstat(created, &info)
            close(created)
            guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(description: "\(path): the alert state must be a regular file") }
            if info.st_mode & 0o077 != 0 { chmod(path, 0o600) }
            do {
                var config = Configuration()
                config.busyMode = .timeout(5)
                db = try DatabaseQueue(path: path, configuration: config)
            } catch {
                throw Failure(description: "\(path): cannot use the alert state: \(error)")
            }
            try Self.refuseLaterSchema(db, path: path)
            do {
                try Self.migrator.migrate(db)
            } catch {
                throw Failure(description: "\(path): cannot use the alert state: \(error)")
            }
        }

        /// A state written by a later sendcheck (it records migrations this one does not know) is
        /// refused: this version would read it wrongly, or write what the later one cannot read.
        static func refuseLaterSchema(_ db: DatabaseQueue, path: String) throws {
            let unknown: [String]
            do {
                let migrator = Self.migrator
                unknown = try db.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted() }
            } catch {
                throw Failure(description: "\(path): cannot use the alert state: \(error)")
            }
            guard !unknown.isEmpty else { return }
            throw Failure(
                description:
                    "\(path): this state was written by a later version of sendcheck (its schema has \(unknown.joined(separator: ", ")), "
                    + "which this version does not know): run that version, or restore a backup of the state")
        }

        /// Schema migrations from the first version; a later version adds a migration, never edits one.
        static var migrator: DatabaseMigrator {
            var m = DatabaseMigrator()
            m.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE alert (
                            key TEXT PRIMARY KEY NOT NULL,
                            rule TEXT NOT NULL,
                            subject TEXT NOT NULL,
                            start INTEGER,
                            status TEXT NOT NULL,
                            rag TEXT NOT NULL,
                            due INTEGER,
                            first_seen INTEGER NOT NULL,
                            last_sent INTEGER NOT NULL,
                            caseworker TEXT,
                            team TEXT,
                            resolved INTEGER,
                            resolution TEXT
                        );
                        CREATE INDEX alert_resolved ON alert(resolved);
                        CREATE TABLE message (
                            message_id TEXT PRIMARY KEY NOT NULL,
                            recipient TEXT NOT NULL,
                            as_of INTEGER NOT NULL,
                            subject TEXT NOT NULL,
                            body_text TEXT NOT NULL,
                            body_html TEXT NOT NULL,
                            bytes BLOB NOT NULL,
                            queued_at TEXT NOT NULL,
                            attempts INTEGER NOT NULL DEFAULT 0,
                            last_error TEXT,
                            delivered_at TEXT,
                            server_reply TEXT
                        );
                        CREATE INDEX message_pending ON message(delivered_at);
                        CREATE TABLE run (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            as_of INTEGER NOT NULL,
                            started_at TEXT NOT NULL,
                            events INTEGER NOT NULL,
                            queued INTEGER NOT NULL,
                            finished_at TEXT,
                            sent INTEGER,
                            not_sent INTEGER
                        );
                        """)
            }
            // What each run changed, so `sendcheck alert --rewind` can take the state back exactly: per run,
            // each alert's row as it was before the run (existed = 0: there was none). Digests dropped
            // after `alerts.expire` stay, marked, and `rewind` keeps a record of what it undid.
            m.registerMigration("v2") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE alert_undo (
                            run INTEGER NOT NULL,
                            key TEXT NOT NULL,
                            existed INTEGER NOT NULL,
                            rule TEXT, subject TEXT, start INTEGER, status TEXT, rag TEXT, due INTEGER, first_seen INTEGER,
                            last_sent INTEGER, caseworker TEXT, team TEXT, resolved INTEGER, resolution TEXT
                        );
                        CREATE INDEX alert_undo_run ON alert_undo(run);
                        ALTER TABLE run ADD COLUMN journaled INTEGER NOT NULL DEFAULT 0;
                        ALTER TABLE message ADD COLUMN dropped_at TEXT;
                        ALTER TABLE message ADD COLUMN dropped_run INTEGER;
                        CREATE TABLE rewind (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            at TEXT NOT NULL,
                            to_day INTEGER NOT NULL,
                            runs INTEGER NOT NULL,
                            alerts INTEGER NOT NULL,
                            queued_dropped INTEGER NOT NULL,
                            delivered_kept INTEGER NOT NULL,
                            approximate INTEGER NOT NULL
                        );
                        """)
            }
            return m
        }

        /// A day read from the state. Out of range only in a damaged or hand-edited state, which is
        /// refused, located, rather than trusted (a day near Int.max would overflow every date shown).
        func day(_ number: Int, _ column: String) throws -> Day {
            guard let d = Day(stored: number) else {
                throw Failure(
                    description: "\(path): the alert state is damaged: \(column) holds \(number), which is no date sendcheck writes; "
                        + "restore the state from a backup, or move it away to start again")
            }
            return d
        }

        /// The as-of date of the last run that recorded its state.
        public func lastRun() throws -> Day? {
            try db.read { db in try Int.fetchOne(db, sql: "SELECT max(as_of) FROM run").map { try day($0, "run.as_of") } }
        }

        /// Every alert kept (open, and resolved within the last 400 days).
        public func records() throws -> [FindingKey: AlertRecord] {
            try db.read { db in
                var out: [FindingKey: AlertRecord] = [:]
                out.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM alert") ?? 0)
                // Columns by position: a national state holds hundreds of thousands of rows.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT rule, subject, start, status, rag, due, first_seen, last_sent, caseworker, team, resolved, resolution FROM alert
                        """)
                while let row = try rows.next() {
                    let key = FindingKey(rule: row[0], subject: row[1], start: try (row[2] as Int?).map { try day($0, "alert.start") })
                    guard let status = Status(rawValue: row[3]), let rag = RAG(rawValue: row[4]) else { continue }
                    let due = try (row[5] as Int?).map { try day($0, "alert.due") }
                    let (firstSeen, lastSent) = (try day(row[6], "alert.first_seen"), try day(row[7], "alert.last_sent"))
                    let resolved = try (row[10] as Int?).map { try day($0, "alert.resolved") }
                    out[key] = AlertRecord(
                        key: key, status: status, rag: rag, due: due, firstSeen: firstSeen, lastSent: lastSent, caseworker: row[8], team: row[9],
                        resolved: resolved,
                        resolution: (row[11] as String?).flatMap(Resolution.init(rawValue:)))
                }
                return out
            }
        }

        /// Records one night in one transaction: the run, the changed alerts (each one's row before
        /// the run kept in `alert_undo`, for `rewind`), the digests to deliver (a digest already queued
        /// under the same Message-ID is not queued twice) and the queued digests `dropping` names (past
        /// `alerts.expire`). Resolved alerts older than 400 days are forgotten.
        public func record(_ night: AlertNight, mails: [OutgoingMail], asOf: Day, now: String, dropping: [String] = []) throws {
            try db.inTransaction { db in
                try db.execute(
                    sql: "INSERT INTO run (as_of, started_at, events, queued, journaled) VALUES (?, ?, ?, ?, 1)",
                    arguments: [asOf.number, now, night.events.count, mails.count])
                let run = db.lastInsertedRowID
                let journal = try db.makeStatement(sql: Self.journalSQL + " FROM (SELECT 1) LEFT JOIN alert a ON a.key = ?2")
                let upsert = try db.makeStatement(
                    sql: """
                        INSERT OR REPLACE INTO alert (key, rule, subject, start, status, rag, due, first_seen, last_sent, caseworker, team, resolved, resolution)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for r in night.changed {
                    try journal.execute(arguments: [run, r.key.description])
                    try upsert.execute(arguments: [
                        r.key.description, r.key.rule, r.key.subject, r.key.start?.number, r.status.rawValue, r.rag.rawValue, r.due?.number,
                        r.firstSeen.number, r.lastSent.number, r.caseworker, r.team, r.resolved?.number, r.resolution?.rawValue,
                    ])
                }
                let queue = try db.makeStatement(
                    sql: """
                        INSERT OR IGNORE INTO message (message_id, recipient, as_of, subject, body_text, body_html, bytes, queued_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for m in mails {
                    try queue.execute(arguments: [m.messageID, m.to, asOf.number, m.subject, m.text, m.html, Data(m.bytes), now])
                }
                let drop = try db.makeStatement(
                    sql: "UPDATE message SET dropped_at = ?, dropped_run = ? WHERE message_id = ? AND delivered_at IS NULL AND dropped_at IS NULL")
                for id in dropping { try drop.execute(arguments: [now, run, id]) }
                let old = asOf.number - 400
                try db.execute(
                    sql: Self.journalSQL.replacingOccurrences(of: "?2", with: "a.key")
                        + " FROM alert a WHERE a.resolved IS NOT NULL AND a.resolved < ?2",
                    arguments: [run, old])
                try db.execute(sql: "DELETE FROM alert WHERE resolved IS NOT NULL AND resolved < ?", arguments: [old])
                try db.execute(sql: "UPDATE run SET journaled = 0 WHERE journaled = 1 AND id <= ?", arguments: [run - journaledRuns])
                try db.execute(sql: "DELETE FROM alert_undo WHERE run <= ?", arguments: [run - journaledRuns])
                return .commit
            }
        }

        /// Copies an alert's row (`a`, joined on key ?2) into `alert_undo` for run ?1; `existed` is 0
        /// when there was no row.
        static let journalSQL = """
            INSERT INTO alert_undo (run, key, existed, rule, subject, start, status, rag, due, first_seen, last_sent, caseworker, team, resolved, resolution)
            SELECT ?1, ?2, a.key IS NOT NULL, a.rule, a.subject, a.start, a.status, a.rag, a.due, a.first_seen, a.last_sent, a.caseworker, a.team,
                a.resolved, a.resolution
            """

        /// Queued digests not accepted within `days` of `asOf` (the night they were queued): to drop
        /// tonight, with a note to the head of service.
        public func expiring(asOf: Day, days: Int) throws -> [(messageID: String, digest: DroppedDigest)] {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT message_id, recipient, as_of, attempts FROM message
                        WHERE delivered_at IS NULL AND dropped_at IS NULL AND as_of < ? ORDER BY as_of, rowid
                        """,
                    arguments: [asOf.number - days]
                ).map { ($0[0], DroppedDigest(recipient: $0[1], asOf: try day($0[2], "message.as_of"), attempts: $0[3])) }
            }
        }

        /// Digests queued and not yet accepted, oldest first.
        public func pending() throws -> [Queued] {
            try db.read { db in
                // Never tried first, then the fewest tries: a message that kills the connection every
                // night goes last, after the night's other digests.
                try Row.fetchAll(db, sql: "SELECT * FROM message WHERE delivered_at IS NULL AND dropped_at IS NULL ORDER BY attempts, as_of, rowid")
                    .map { row in
                        let bytes: Data = row["bytes"]
                        return Queued(
                            mail: OutgoingMail(
                                messageID: row["message_id"], from: "", to: row["recipient"], subject: row["subject"], text: row["body_text"],
                                html: row["body_html"], bytes: [UInt8](bytes)),
                            attempts: row["attempts"], asOf: try day(row["as_of"], "message.as_of"))
                    }
            }
        }

        /// Marks a digest accepted by the server.
        public func delivered(_ messageID: String, reply: String, at now: String) throws {
            try db.write { db in
                try db.execute(
                    sql: "UPDATE message SET delivered_at = ?, server_reply = ?, attempts = attempts + 1, last_error = NULL WHERE message_id = ?",
                    arguments: [now, String(reply.prefix(500)), messageID])
            }
        }

        /// Records a failed attempt; the digest stays queued.
        public func notDelivered(_ messageID: String, why: String) throws {
            try db.write { db in
                try db.execute(
                    sql: "UPDATE message SET attempts = attempts + 1, last_error = ? WHERE message_id = ?",
                    arguments: [String(why.prefix(500)), messageID])
            }
        }

        /// Closes the run's row with what was sent.
        public func finishRun(sent: Int, notSent: Int, at now: String) throws {
            try db.write { db in
                try db.execute(
                    sql: "UPDATE run SET finished_at = ?, sent = ?, not_sent = ? WHERE id = (SELECT max(id) FROM run)",
                    arguments: [now, sent, notSent])
            }
        }

        /// Every digest kept: its Message-ID, recipient, as-of date and whether it was accepted.
        public func messages() throws -> [(messageID: String, recipient: String, asOf: Day, delivered: Bool)] {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT message_id, recipient, as_of, delivered_at IS NOT NULL FROM message ORDER BY rowid").map {
                    ($0[0], $0[1], try day($0[2], "message.as_of"), $0[3])
                }
            }
        }

        /// Open alerts, queued digests and delivered digests.
        public func counts() throws -> (open: Int, queued: Int, delivered: Int) {
            try db.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE resolved IS NULL") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE delivered_at IS NULL AND dropped_at IS NULL") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE delivered_at IS NOT NULL") ?? 0
                )
            }
        }
    }
#endif
