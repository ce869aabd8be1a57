import Foundation
import SendCheckCore
import Testing

/// The mistakes `domain/sen2.md` section 6 finds in the field's tools, each pinned by a test that
/// shows sendcheck does not make it. Dates are counted by the statutory rule (reg 13(2)).
@Suite("SEN2: the field's mistakes, not repeated")
struct SEN2FieldMistakesTests {
    /// The 20-week findings of a return: subject suffix (received date) -> status.
    static func twentyWeeks(_ xml: String) -> [String: String] {
        let result = SEN2Fixtures.check(xml)
        var out: [String: String] = [:]
        for f in result.findings where result.ruleSet.rules[f.rule].id == "reg13-final-plan" {
            out[String(f.subject.split(separator: "-").last ?? "")] = f.status.rawValue
        }
        return out
    }

    static func person(_ requests: String, upn: String = "Z1") -> String {
        SEN2Fixtures.wrap("<Person><UPN>\(upn)</UPN>\(requests)</Person>")
    }

    static func plan(received: String, issued: String, start: String? = nil, assessment: String = "Y", extra: String = "", details: String = "")
        -> String
    {
        """
        <Requests><ReceivedDate>\(received)</ReceivedDate><RequestOutcome>Y</RequestOutcome>
        <Assessment><AssessmentOutcome>\(assessment)</AssessmentOutcome><AssessmentOutcomeDate>\(issued)</AssessmentOutcomeDate>\(extra)
        <NamedPlan><StartDate>\(start ?? issued)</StartDate>\(details)</NamedPlan></Assessment></Requests>
        """
    }

    @Test("a plan is matched to the request it came from, not to every request of the child")
    func planJoinedToItsRequest() {
        let refused =
            "<Requests><ReceivedDate>2025-01-06</ReceivedDate><RequestOutcome>N</RequestOutcome><RequestOutcomeDate>2025-02-14</RequestOutcomeDate></Requests>"
        let xml = Self.person(refused + Self.plan(received: "2025-03-03", issued: "2025-07-18", extra: "<Week20>0</Week20>"))
        // The field's tool also measured 193 days from the refused request; only 137 days exist.
        #expect(Self.twentyWeeks(xml) == ["20250303": "met"])
        #expect(SEN2Fixtures.measures(xml)["plans-20-weeks-including-exceptions"].map { [$0.count, $0.total] } == [1, 1])
    }

    @Test("historical and transferred-in plans (assessment H) are not in the 20-week measure")
    func historicalExcluded() {
        let transferred = Self.plan(received: "2023-05-02", issued: "", start: "2025-05-19", assessment: "H")
        let xml = Self.person(transferred.replacingOccurrences(of: "<RequestOutcome>Y", with: "<RequestOutcome>H"))
        #expect(Self.twentyWeeks(xml) == [:])
        #expect(SEN2Fixtures.measures(xml)["plans-20-weeks-including-exceptions"]?.total == 0)
    }

    @Test("the issue date (AssessmentOutcomeDate) counts, not the plan's StartDate")
    func issueDateNotStartDate() {
        // Issued on day 140 (on time); the plan's StartDate is months later.
        let xml = Self.person(Self.plan(received: "2025-02-10", issued: "2025-06-30", start: "2025-09-01", extra: "<Week20>0</Week20>"))
        #expect(Self.twentyWeeks(xml) == ["20250210": "met"])
    }

    @Test("a plan naming two settings is one plan, counted once")
    func twoSettingsOnePlan() {
        let details =
            "<PlanDetail><URN>900005</URN><PlacementRank>1</PlacementRank></PlanDetail><PlanDetail><URN>900006</URN><PlacementRank>2</PlacementRank></PlanDetail>"
        let xml = Self.person(Self.plan(received: "2025-02-10", issued: "2025-06-30", extra: "<Week20>0</Week20>", details: details))
        #expect(SEN2Fixtures.measures(xml)["plans-20-weeks-including-exceptions"].map { [$0.count, $0.total] } == [1, 1])
        #expect(SEN2Fixtures.read(xml).subjects.count == 1)
    }

    @Test("mediation does not drop the assessment: a 200-day plan without Week20 is late in both views")
    func mediationKeepsTheAssessment() {
        let xml = Self.person(
            Self.plan(received: "2025-02-03", issued: "2025-08-22", extra: "<AssessmentMediation>1</AssessmentMediation><Week20>0</Week20>"))
        #expect(Self.twentyWeeks(xml) == ["20250203": "breached"])
        let m = SEN2Fixtures.measures(xml)
        #expect(m["plans-20-weeks-including-exceptions"].map { [$0.count, $0.total] } == [0, 1])
        #expect(m["plans-20-weeks-excluding-exceptions"].map { [$0.count, $0.total] } == [0, 1])
    }

    @Test("Week20 = 1 excuses the plan (excepted) and takes it out of the excluding-exceptions view only")
    func week20() {
        let xml = Self.person(Self.plan(received: "2025-01-13", issued: "2025-07-25", extra: "<Week20>1</Week20>"))
        #expect(Self.twentyWeeks(xml) == ["20250113": "excepted"])
        let m = SEN2Fixtures.measures(xml)
        #expect(m["plans-20-weeks-including-exceptions"].map { [$0.count, $0.total] } == [0, 1])
        #expect(m["plans-20-weeks-excluding-exceptions"].map { [$0.count, $0.total] } == [0, 0])
    }

    @Test("a named plan without PlanDetail is still a plan")
    func planWithoutDetail() {
        let xml = Self.person(Self.plan(received: "2025-04-07", issued: "2025-08-26", extra: "<Week20>0</Week20>"))
        #expect(Self.twentyWeeks(xml) == ["20250407": "breached"])
    }

    @Test("day 140 is on time and day 141 late, counted from the day after receipt")
    func dayCounting() {
        let xml = Self.person(
            Self.plan(received: "2025-02-10", issued: "2025-06-30", extra: "<Week20>0</Week20>")
                + Self.plan(received: "2025-04-07", issued: "2025-08-26", extra: "<Week20>0</Week20>"))
        #expect(Self.twentyWeeks(xml) == ["20250210": "met", "20250407": "breached"])
    }

    @Test("the field's misspelt names (PlanWPB, WPB) are read as the DfE's")
    func misspeltNames() {
        let xml = Self.person(
            "<Requests><ActivePlans><PlacementDetail><WPB>1</WPB></PlacementDetail></ActivePlans><Assessment><NamedPlan><PlanWPB>A</PlanWPB></NamedPlan></Assessment></Requests>"
        )
        let person = SEN2Fixtures.blocks(xml).persons[0]
        let request = person.blocks(.requests)[0]
        #expect(request.blocks(.assessment)[0].blocks(.namedPlan)[0].value(.planWBP) == "A")
        #expect(request.blocks(.activePlans)[0].blocks(.placementDetail)[0].value(.wbp) == "1")
    }

    @Test("a child without a plan still counts in the request measures")
    func requestsWithoutPlans() {
        let refused =
            "<Requests><ReceivedDate>2025-01-06</ReceivedDate><RequestOutcome>N</RequestOutcome><RequestOutcomeDate>2025-02-14</RequestOutcomeDate></Requests>"
        #expect(SEN2Fixtures.measures(Self.person(refused))["decisions-6-weeks"].map { [$0.count, $0.total] } == [1, 1])
    }

    @Test("setting codes are checked as codes, not against their descriptions")
    func settingCodes() {
        let xml = Self.person(
            "<Requests><Assessment><NamedPlan><PlanDetail><SENsetting>OLA</SENsetting></PlanDetail><PlanDetail><SENsetting>Other LA arrangements</SENsetting></PlanDetail></NamedPlan></Assessment></Requests>"
        )
        #expect(
            SEN2Fixtures.read(xml).diagnostics == [
                "sen2.xml:5:22: warning: request has no ReceivedDate: its assessment timescales cannot be checked",
                "sen2.xml:5:132: error: SENsetting: 'Other LA arrangements' is not a SEN2 code (expected EHE, EYP, NEET, NIEC, NIEO, OLA, OPA, OTH)",
            ])
    }
}
