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

    private mutating func row(_ n: Int) -> String {
        let t = asOf
        var cells = [String](repeating: "", count: Self.header.count)
        cells[0] = "S" + String(n).leftPad(7)
        let age = int(1...19)
        cells[1] = t.adding(days: -(age * 365 + int(0...364))).iso
        cells[2] = ["North", "South", "East", "West", "Central"][int(0...4)]
        cells[3] = "CW" + String(int(1...400)).leftPad(3)
        if chance(30) {
            // An open or recent request.
            let received = t.adding(days: -int(0...400))
            cells[4] = chance(50) ? received.iso : Self.uk(received)
            let decided = received.adding(days: int(20...60))
            if decided <= t, chance(90) {
                let outcome = chance(75) ? "assess" : (chance(80) ? "not_assess" : "withdrawn")
                cells[5] = outcome
                if outcome != "withdrawn" { cells[6] = decided.iso }
                if outcome == "assess" {
                    let draft = received.adding(days: int(80...130))
                    if draft <= t { cells[9] = draft.iso }
                    let issued = received.adding(days: int(110...200))
                    if issued <= t, chance(85) {
                        cells[7] = chance(92) ? "issue" : "not_issue"
                        cells[8] = issued.iso
                        if cells[7] == "issue" { cells[11] = issued.iso }
                    }
                    if chance(5) { cells[10] = ["school_closure", "exceptional_circumstances", "absent_from_area"][int(0...2)] }
                }
            }
        } else {
            // An existing plan under review.
            let start = t.adding(days: -int(200...4000))
            cells[11] = start.iso
            let lastReview = t.adding(days: -int(10...420))
            if lastReview > start {
                cells[13] = lastReview.iso
                cells[12] = lastReview.adding(days: -int(5...45)).iso
            }
            if chance(15) {
                let meeting = t.adding(days: -int(0...40))
                if meeting > start { cells[12] = meeting.iso }
            }
            if chance(10) {
                let notice = t.adding(days: -int(0...90))
                cells[14] = notice.iso
                let issued = notice.adding(days: int(20...70))
                if issued <= t { cells[15] = issued.iso }
            }
            let year = t.civil.year
            if chance(20) {
                cells[16] = String(chance(50) ? year : year + 1)
                cells[17] = chance(80) ? "school" : "post16"
            }
            if chance(3) { cells[18] = t.adding(days: -int(0...200)).iso }
        }
        return cells.joined(separator: ",")
    }

    static func uk(_ d: Day) -> String {
        let c = d.civil
        return String(c.day).leftPad(2) + "/" + String(c.month).leftPad(2) + "/" + String(c.year)
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
