#if Alerts
    import Foundation
    import GRDB
    import SendCheckCore

    extension AlertStore {
        /// What `rewind` undid, as recorded in the state's `rewind` table.
        public struct Rewound: Sendable, Equatable {
            /// The state is as of this day again.
            public var to: Day
            /// The as-of dates of the runs undone, latest first.
            public var runs: [Day] = []
            /// Alert rows put back as they were, or removed.
            public var alerts = 0
            /// Digests queued after the day, never accepted: dropped.
            public var queuedDropped = 0
            /// Digests after the day that the mail system accepted: kept as a record (they cannot be unsent).
            public var deliveredKept = 0
            /// Runs recorded before the state kept what each run changed: undone by their dates only
            /// (alerts first seen after the day removed, resolved after it reopened).
            public var approximate = 0
        }

        /// Takes the state back to `day`: every run as of a later day is undone (its alerts put back as
        /// they were before it), digests queued after the day are dropped, and what was undone is
        /// recorded in the `rewind` table. For a mistaken `--as-of`, or a night that must be run again.
        public func rewind(to day: Day, now: String) throws -> Rewound {
            try db.write { db in
                var out = Rewound(to: day)
                let runs = try Row.fetchAll(db, sql: "SELECT id, as_of, journaled FROM run WHERE as_of > ? ORDER BY id DESC", arguments: [day.number])
                guard !runs.isEmpty else { return out }
                out.runs = try runs.map { try self.day($0[1], "run.as_of") }
                for run in runs where (run[2] as Int) != 0 {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO alert (key, rule, subject, start, status, rag, due, first_seen, last_sent, caseworker, team, resolved, resolution)
                            SELECT key, rule, subject, start, status, rag, due, first_seen, last_sent, caseworker, team, resolved, resolution
                            FROM alert_undo WHERE run = ? AND existed = 1
                            """, arguments: [run[0]])
                    out.alerts += db.changesCount
                    try db.execute(
                        sql: "DELETE FROM alert WHERE key IN (SELECT key FROM alert_undo WHERE run = ? AND existed = 0)", arguments: [run[0]])
                    out.alerts += db.changesCount
                }
                out.approximate = runs.filter { ($0[2] as Int) == 0 }.count
                if out.approximate > 0 { out.alerts += try undoByDates(db, after: day) }
                let ids = runs.map { $0[0] as Int64 }
                try forgetRuns(db, ids: ids, after: day, into: &out)
                try db.execute(
                    sql: """
                        INSERT INTO rewind (at, to_day, runs, alerts, queued_dropped, delivered_kept, approximate) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [now, day.number, runs.count, out.alerts, out.queuedDropped, out.deliveredKept, out.approximate])
                return out
            }
        }

        /// Runs recorded before version 2 of the state kept no record of what they changed: alerts first
        /// seen after the day go, those resolved after it open again, and none was sent after it.
        private func undoByDates(_ db: Database, after day: Day) throws -> Int {
            var changed = 0
            try db.execute(sql: "DELETE FROM alert WHERE first_seen > ?", arguments: [day.number])
            changed += db.changesCount
            try db.execute(sql: "UPDATE alert SET resolved = NULL, resolution = NULL WHERE resolved > ?", arguments: [day.number])
            changed += db.changesCount
            try db.execute(sql: "UPDATE alert SET last_sent = ?1 WHERE last_sent > ?1", arguments: [day.number])
            return changed
        }

        /// The runs' rows and journals go; digests they dropped are queued again, those queued after
        /// the day and never accepted are dropped, those accepted are kept and counted.
        private func forgetRuns(_ db: Database, ids: [Int64], after day: Day, into out: inout Rewound) throws {
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "UPDATE message SET dropped_at = NULL, dropped_run = NULL WHERE dropped_run IN (\(list))")
            try db.execute(sql: "DELETE FROM message WHERE as_of > ? AND delivered_at IS NULL", arguments: [day.number])
            out.queuedDropped = db.changesCount
            out.deliveredKept = try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE as_of > ?", arguments: [day.number]) ?? 0
            try db.execute(sql: "DELETE FROM alert_undo WHERE run IN (\(list))")
            try db.execute(sql: "DELETE FROM run WHERE id IN (\(list))")
        }

        /// Every rewind recorded, oldest first: when, to which day, and how many runs it undid.
        public func rewinds() throws -> [(at: String, to: Day, runs: Int)] {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT at, to_day, runs FROM rewind ORDER BY id").map { ($0[0], try day($0[1], "rewind.to_day"), $0[2]) }
            }
        }
    }
#endif
