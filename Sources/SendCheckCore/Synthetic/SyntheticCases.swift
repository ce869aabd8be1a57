/// Writes synthetic case data in the wide layout: made-up references, no names, dates spread so that
/// every status occurs. Deterministic for a seed, so benchmarks and tests can rely on it.
public struct SyntheticCases {
    /// The header of the generated files.
    public static let header = [
        "case_id", "date_of_birth", "team", "caseworker", "request_received", "request_outcome",
        "request_outcome_date", "assessment_outcome", "assessment_outcome_date", "draft_plan_issued", "exception",
        "plan_start", "review_meeting", "last_review", "amendment_notice", "amended_plan_issued", "transfer_year",
        "transfer_type", "cease_date",
    ]

    public var asOf: Day
    private var state: UInt64

    public init(seed: UInt64, asOf: Day) {
        self.asOf = asOf
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    /// Generates `count` rows (plus a header), handing the text to `write` in chunks.
    public mutating func generate(count: Int, write: (String) -> Void) {
        write(Self.header.joined(separator: ",") + "\n")
        var chunk = ""
        chunk.reserveCapacity(1 << 20)
        for i in 0..<count {
            chunk += row(i + 1)
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 {
                write(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { write(chunk) }
    }

    /// A day `min...max` days after `from`.
    private mutating func after(_ from: Day, _ range: ClosedRange<Int>) -> Day { from.adding(days: int(range)) }

    /// A delay that meets a time limit with probability `onTime` percent.
    private mutating func delay(limit: Int, onTime: Int, early: Int, late: Int) -> Int {
        chance(onTime) ? int(early...limit) : int((limit + 1)...late)
    }

    /// One row. Rates follow the national figures for England (domain/timescales.md section 8):
    /// 84.8% of assessment decisions within 6 weeks, 25% of requests refused, 46.4% of plans within
    /// 20 weeks, 34% of decisions not to issue within 16 weeks, 44.4% of review decisions within 4
    /// weeks; about 20% of rows are requests of the last 13 months and 80% existing plans.
    private mutating func row(_ n: Int) -> String {
        let t = asOf
        var cells = [String](repeating: "", count: Self.header.count)
        cells[0] = "S" + String(n).leftPad(7)
        let age = chance(6) ? int(1...4) : int(5...19)
        cells[1] = t.adding(days: -(age * 365 + int(0...364))).iso
        cells[2] = ["North", "South", "East", "West", "Central"][int(0...4)]
        cells[3] = "CW" + String(int(1...400)).leftPad(3)
        if chance(20) { request(&cells) } else { plan(&cells) }
        return cells.joined(separator: ",")
    }

    /// A request of the last 13 months: its decision, and the plan issued or not.
    private mutating func request(_ cells: inout [String]) {
        let t = asOf
        let received = t.adding(days: -int(0...400))
        date(&cells, 4, received)
        let decided = after(received, 0...0).adding(days: delay(limit: 42, onTime: 85, early: 15, late: 100))
        guard decided <= t else { return }
        let roll = int(0...99)
        let outcome = roll < 25 ? "not_assess" : roll < 28 ? "withdrawn" : "assess"
        cells[5] = outcome
        if outcome != "withdrawn" { date(&cells, 6, decided) }
        guard outcome == "assess" else { return }
        if chance(2) { cells[10] = ["school_closure", "exceptional_circumstances", "absent_from_area"][int(0...2)] }
        if chance(90) {
            let issued = received.adding(days: delay(limit: 140, onTime: 46, early: 95, late: 320))
            let draft = issued.adding(days: -(chance(95) ? int(15...40) : int(5...14)))
            date(&cells, 9, draft)
            if issued <= t {
                cells[7] = "issue"
                date(&cells, 8, issued)
            }
        } else {
            let notice = received.adding(days: delay(limit: 112, onTime: 34, early: 70, late: 220))
            if notice <= t {
                cells[7] = "not_issue"
                date(&cells, 8, notice)
            }
        }
    }

    /// An existing plan: its reviews, amendments and phase transfer.
    private mutating func plan(_ cells: inout [String]) {
        let t = asOf
        let start = t.adding(days: -int(200...4000))
        date(&cells, 11, start)
        // Most plans were reviewed in the last year; some are overdue.
        let lastReview = chance(85) ? t.adding(days: -int(5...360)) : t.adding(days: -int(366...700))
        if lastReview > start {
            date(&cells, 13, lastReview)
            date(&cells, 12, lastReview.adding(days: -delay(limit: 28, onTime: 44, early: 3, late: 90)))
        }
        if chance(10) {
            // A review meeting held recently, decision not yet recorded.
            let meeting = t.adding(days: -int(0...60))
            if meeting > lastReview, meeting > start { date(&cells, 12, meeting) }
        }
        if chance(10) {
            let notice = t.adding(days: -int(0...150))
            if notice > start {
                date(&cells, 14, notice)
                date(&cells, 15, notice.adding(days: delay(limit: 56, onTime: 55, early: 20, late: 140)))
            }
        }
        if chance(20) {
            let year = t.civil.year + (t.civil.month >= 9 ? 1 : 0)
            cells[16] = String(chance(60) ? year : year + 1)
            cells[17] = chance(80) ? "school" : "post16"
        }
        if chance(2) { date(&cells, 18, t.adding(days: -int(0...200))) }
    }

    /// A date in column `i`, if not after the as-of date; 1 in 10 written the UK way.
    private mutating func date(_ cells: inout [String], _ i: Int, _ d: Day) {
        if d <= asOf { cells[i] = chance(10) ? Self.uk(d) : d.iso }
    }

    static func uk(_ d: Day) -> String {
        let c = d.civil
        return String(c.day).leftPad(2) + "/" + String(c.month).leftPad(2) + "/" + String(c.year)
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
