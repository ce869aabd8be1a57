import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// A case is one child's record across every source (`docs/semantics.md` section 2): case files are
/// joined by reference before any rule runs.
@Suite("Joining case files")
struct JoinTests {
    @Test("one child in two files is one subject, and a cease in one ends the clocks started in the other")
    func ceaseInAnotherFile() throws {
        // The issue's reproduction: two 2-line files. Apart, the review file saw no cease and the
        // child was overdue for ever; joined, the plan ceased before the review fell due.
        let folder = try SourceFolder(
            [
                "plans.csv": "case_id,plan_start,cease_date\nK1,2022-03-01,2023-01-31\n",
                "reviews.csv": "case_id,event,date\nK1,last_review,2022-02-10\n",
            ], config: "cases: [plans.csv, reviews.csv]\n")
        let (result, diagnostics) = folder.check(asOf: "2026-11-29", since: "2021-01-01")
        #expect(diagnostics.isEmpty)
        #expect(result?.subjects == 1)
        // The plan started 2022-03-01 (a review dated before it belongs to an earlier plan and opens
        // nothing); the cycle's due date 2023-02-28 came after the cease: the duty lapsed.
        #expect(SourceFolder.lines(result, folder: folder).isEmpty)
        let later = try SourceFolder(
            [
                "plans.csv": "case_id,plan_start,cease_date\nK1,2021-03-01,2023-06-30\n",
                "reviews.csv": "case_id,event,date\nK1,last_review,2022-02-10\n",
            ], config: "cases: [plans.csv, reviews.csv]\n")
        let (ended, _) = later.check(asOf: "2023-07-10", since: "2021-01-01")
        // Met in February 2022, then the next cycle ran past its due date (9 February 2023) until the
        // plan ceased: breached, ended by the cease, its start in the review file and its end in the other.
        #expect(
            SourceFolder.lines(ended, folder: later) == [
                "s44-annual-review K1 met 2022-02-28 at plans.csv:2 end reviews.csv:2",
                "s44-annual-review K1 breached 2023-02-09 at reviews.csv:2 end plans.csv:2",
            ])
        #expect(ended?.subjects == 1)
    }

    @Test("an event dated after the plan ceased is a warning at its own row, and starts nothing")
    func eventAfterCease() throws {
        let folder = try SourceFolder(
            [
                "plans.csv": "case_id,plan_start,last_review,cease_date\nK1,2023-03-10,2024-02-20,2025-01-02\n",
                "meetings.csv": "case_id,event,date\nK1,review_meeting,2024-02-01\nK1,review_meeting,2025-05-26\n",
            ], config: "cases: [plans.csv, meetings.csv]\n")
        let (result, diagnostics) = folder.check(asOf: "2025-10-01", since: "2024-01-01")
        #expect(
            diagnostics == [
                "meetings.csv:3:3: warning: review_meeting 2025-05-26 is after the plan ceased on 2025-01-02 (case K1): it does not count, and starts no duty"
            ])
        // The 2025 meeting starts no review-decision clock; the 2024 one was decided in time.
        #expect(
            SourceFolder.lines(result, folder: folder).filter { $0.hasPrefix("reg20") } == [
                "reg20-review-decision K1 met 2024-02-29 at meetings.csv:2 end plans.csv:2"
            ])
    }

    @Test("the same child twice in a check counts once, in every total")
    func countedOnce() throws {
        let folder = try SourceFolder(
            [
                "requests.csv": "case_id,request_received,request_outcome,request_outcome_date\nK1,2026-01-05,assess,2026-02-09\nK2,2026-09-01,,\n",
                "more.csv": "case_id,draft_plan_issued\nK1,2026-04-01\nK3,2026-05-01\n",
            ], config: "cases: [requests.csv, more.csv]\n")
        let (result, diagnostics) = folder.check(asOf: "2026-11-29")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        // K1 and K2 from the requests, K3 from the other file alone.
        #expect(result?.subjects == 3)
        #expect(result?.inputs.map(\.subjects) == [2, 2])
    }

    @Test("two files disagreeing on one field: a located warning, and the file listed first (or by priority) wins")
    func conflicts() throws {
        let files = [
            "requests.csv": "case_id,request_received,request_outcome_date\nK1,2026-01-05,\n",
            "corrections.csv": "case_id,request_received\nK1,2026-01-12\n",
        ]
        let listed = try SourceFolder(files, config: "cases: [requests.csv, corrections.csv]\n")
        let (first, warnings) = listed.check(asOf: "2026-11-29")
        #expect(first?.findings.first?.due == Fixtures.day("2026-02-16"))
        #expect(
            warnings == [
                "corrections.csv:2:2: warning: request_received is 2026-01-12 here, but requests.csv:2 gives 2026-01-05; "
                    + "the value from requests.csv is used (it comes first by 'priority', or by the order 'cases' lists the files)"
            ])
        #expect(first?.inputs.map(\.conflicts) == [0, 1])
        let prioritised = try SourceFolder(files, config: "cases:\n  - requests.csv\n  - {path: corrections.csv, priority: 1}\n")
        let (second, _) = prioritised.check(asOf: "2026-11-29")
        #expect(second?.findings.first?.due == Fixtures.day("2026-02-23"))
        #expect(second?.inputs.map(\.conflicts) == [1, 0])
    }

    @Test("a file from which nothing can be checked alone adds to the others; one that gives no field at all is an error")
    func contributions() throws {
        let ok = try SourceFolder(
            ["plans.csv": "case_id,plan_start,last_review\nK1,2024-03-10,\n", "ceased.csv": "case_id,cease_date\nK1,2024-12-01\n"],
            config: "cases: [plans.csv, ceased.csv]\n")
        let (result, diagnostics) = ok.check(asOf: "2026-11-29")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(result?.everySourceChecked == true)
        #expect(result?.joined?.rules.first { $0.rule == "s44-annual-review" }?.state == .checked)
        #expect(result?.coverage.first { $0.path.hasSuffix("plans.csv") }?.rules.first { $0.rule == "s44-annual-review" }?.state == .partial)
        let useless = try SourceFolder(
            ["plans.csv": "case_id,plan_start,last_review\nK1,2024-03-10,\n", "names.csv": "case_id,child_name\nK1,Synthetic Child\n"],
            config: "cases: [plans.csv, names.csv]\n")
        let (bad, errors) = useless.check(asOf: "2026-11-29")
        #expect(bad?.everySourceChecked == false)
        #expect(errors.contains { $0.hasPrefix("names.csv:1:1: error: this file gives no field sendcheck reads") })
    }

    @Test("a child only in the event file is a subject of its own; rows about one child anywhere in a file are gathered")
    func leftovers() throws {
        let folder = try SourceFolder(
            [
                "plans.csv": "case_id,plan_start\nK1,2025-03-10\n",
                "reviews.csv": "case_id,event,date\nK2,last_review,2025-01-20\nK1,last_review,2026-02-01\nK2,plan_start,2024-01-22\n",
            ], config: "cases: [plans.csv, reviews.csv]\n")
        let (result, _) = folder.check(asOf: "2026-11-29")
        #expect(result?.subjects == 2)
        #expect(
            SourceFolder.lines(result, folder: folder) == [
                "s44-annual-review K1 met 2026-03-09 at plans.csv:2 end reviews.csv:3",
                "s44-annual-review K1 pending 2027-01-31 at reviews.csv:3",
                "s44-annual-review K2 overdue 2026-01-19 at reviews.csv:2",
            ])
    }

    @Test("reading on two cores gives what one core gives, joined rows and conflicts included")
    func parallelJoin() throws {
        // Large enough to be split into segments (more than 64 KiB).
        var plans = "case_id,plan_start,request_received\n"
        var events = "case_id,event,date\n"
        for i in 0..<4000 {
            plans += "P\(String(format: "%05d", i)),2024-0\(i % 9 + 1)-1\(i % 9),2025-0\(i % 9 + 1)-0\(i % 9 + 1)\n"
            if i % 3 == 0 { events += "P\(String(format: "%05d", i)),last_review,2025-0\(i % 9 + 1)-20\n" }
            // Every child's request again, as events: the events file is then read in parts too.
            events += "P\(String(format: "%05d", i)),request_received,2025-0\(i % 9 + 1)-0\(i % 9 + 1)\n"
            if i % 7 == 0 { events += "P\(String(format: "%05d", i)),cease_date,2025-11-0\(i % 9 + 1)\n" }
            if i % 11 == 0 { events += "Q\(i),last_review,2024-10-10\n" }
        }
        #expect(events.utf8.count > 1 << 17)
        let folder = try SourceFolder(["plans.csv": plans, "events.csv": events], config: "cases: [plans.csv, events.csv]\n")
        let (one, d1) = folder.check(asOf: "2026-06-30", cores: 1)
        let (two, d2) = folder.check(asOf: "2026-06-30", cores: 2)
        #expect(d1 == d2)
        #expect(one?.subjects == 4000 + 364)
        #expect(one?.subjects == two?.subjects)
        #expect(SourceFolder.lines(one, folder: folder) == SourceFolder.lines(two, folder: folder))
        #expect(one?.byRule == two?.byRule)
    }
}
