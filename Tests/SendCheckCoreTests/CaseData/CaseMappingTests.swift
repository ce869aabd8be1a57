import SendCheckCore
import Testing

/// A council's column mapping cannot fail silently: every mistake is a located error.
@Suite("Column, code and constant mapping")
struct CaseMappingTests {
    static var schema: Schema { Fixtures.statutory.schemas["case"]! }

    /// Parses a configuration and checks its mappings against the statutory fields.
    static func configure(_ yaml: String) -> (Configuration?, [String]) {
        var diagnostics = Diagnostics()
        let config = Configuration.parse(yaml, path: "sendcheck.yaml", diagnostics: &diagnostics)
        config?.checkMappings(schema: schema, diagnostics: &diagnostics)
        return (config, diagnostics.items.map(\.description))
    }

    @Test("a target that is not a field is an error at its line and column, with 'did you mean'")
    func unknownTarget() {
        let (_, errors) = Self.configure(
            """
            version: 1
            columns:
              date_of_brith: DOB
              request_recieved: Date Received
            """)
        #expect(
            errors == [
                "sendcheck.yaml:3:3: error: 'date_of_brith' is not a field of any loaded rule pack; did you mean 'date_of_birth'?",
                "sendcheck.yaml:4:3: error: 'request_recieved' is not a field of any loaded rule pack; did you mean 'request_received'?",
            ])
    }

    @Test("a mapping written the wrong way round says so")
    func wrongWayRound() {
        let (_, errors) = Self.configure("version: 1\ncolumns:\n  Child Ref: case_id\n")
        #expect(
            errors == [
                "sendcheck.yaml:3:3: error: this mapping is written the wrong way round: the field name comes first, then your header; write 'case_id: Child Ref'"
            ])
    }

    @Test("one header mapped to two fields is an error, not a silent drop")
    func oneHeaderTwoFields() {
        let (_, errors) = Self.configure("version: 1\ncolumns:\n  request_received: Date\n  plan_start: ' date '\n")
        #expect(
            errors == [
                "sendcheck.yaml:4:15: error: header ' date ' is mapped to both 'request_received' and 'plan_start'; one column feeds one field (the first at sendcheck.yaml:3:21)"
            ])
    }

    @Test("codes map onto a field's codes; a code that does not exist is located, with 'did you mean'")
    func codes() {
        let (_, errors) = Self.configure(
            """
            version: 1
            values:
              request_outcome: {"Yes": assess, "No": not_asess}
              team: {"N": north}
              request_outcom: {"Y": assess}
            """)
        #expect(
            errors == [
                "sendcheck.yaml:5:3: error: 'request_outcom' under 'values' is not a field of any loaded rule pack; did you mean 'request_outcome'?",
                "sendcheck.yaml:3:42: error: 'not_asess' is not a code of request_outcome (expected assess, not_assess, withdrawn, historical); did you mean 'not_assess'?",
                "sendcheck.yaml:4:3: error: 'team' is a text, not a code field; only codes can be mapped under 'values'",
            ])
    }

    @Test("a constant must read as its field's type and must not also be a column")
    func constants() {
        let (_, errors) = Self.configure(
            """
            version: 1
            columns: {assessment_outcome: Outcome}
            constants:
              assessment_outcome: issue
              request_outcome: maybe
            """)
        #expect(errors.count == 2)
        #expect(errors[0] == "sendcheck.yaml:4:3: error: 'assessment_outcome' is both mapped to a column and given a constant; keep one")
        #expect(errors[1].hasPrefix("sendcheck.yaml:5:3: error: the constant for 'request_outcome': 'maybe' is not a code of request_outcome"))
    }

    @Test("a mapped header the file does not have names the file's headers, closest first")
    func headerNotInFile() {
        let at = SourceLocation(path: "sendcheck.yaml", line: 7, column: 25)
        let mapping = CaseMapping(columns: [CaseMapping.Column(field: "request_outcome_date", header: "Decision Dat", headerAt: at)])
        let (subjects, stats, errors) = Fixtures.read("Case Ref,case_id,Decision Date,Received\nC1,C1,2026-01-01,\n", mapping: mapping)
        #expect(subjects.isEmpty && stats == nil)
        #expect(
            errors == [
                "sendcheck.yaml:7:25: error: 'Decision Dat', mapped to request_outcome_date, is not a column of cases.csv; its columns, closest first: 'Decision Date', 'Received', 'Case Ref', 'case_id'"
            ])
    }

    @Test("header matching ignores case and surrounding spaces")
    func headerMatching() throws {
        let mapping = CaseMapping(["case_id": "  child ref ", "request_received": "DATE RECEIVED"])
        let (subjects, _, errors) = Fixtures.read(" Child Ref , Date Received \nC1,2026-01-05\n", mapping: mapping)
        #expect(errors.isEmpty)
        let slot = try #require(Self.schema.slot(of: "request_received"))
        #expect(subjects.first?.id == "C1")
        #expect(subjects.first?.values[slot] == .date(Fixtures.day("2026-01-05")))
    }

    @Test("a mapped column and a column already named for the same field are an error")
    func twoColumnsOneField() {
        let at = SourceLocation(path: "sendcheck.yaml", line: 4, column: 21)
        let mapping = CaseMapping(columns: [CaseMapping.Column(field: "request_received", header: "Received", headerAt: at)])
        let (_, stats, errors) = Fixtures.read("case_id,request_received,Received\nC1,2026-01-01,2026-01-02\n", mapping: mapping)
        #expect(stats == nil)
        #expect(
            errors == [
                "sendcheck.yaml:4:21: error: column 3 'Received' is mapped to request_received, but column 2 'request_received' of cases.csv already feeds request_received; two columns cannot feed one field"
            ])
    }

    @Test("council codes and constants are read as the field's own codes")
    func codesAndConstantsRead() throws {
        let mapping = CaseMapping(
            columns: [.init(field: "request_outcome", header: "Agreed")],
            values: ["request_outcome": [.init(from: "Yes", to: "assess"), .init(from: "No", to: "not_assess")]],
            constants: [.init(field: "assessment_outcome", value: "issue")])
        let (subjects, stats, errors) = Fixtures.read("case_id,Agreed\nC1,yes\nC2, No \nC3,assess\nC4,Maybe\n", mapping: mapping)
        let outcome = try #require(Self.schema.slot(of: "request_outcome"))
        let assessment = try #require(Self.schema.slot(of: "assessment_outcome"))
        #expect(subjects.map { $0.values[outcome] } == [.code(0), .code(1), .code(0), .invalid])
        #expect(subjects.allSatisfy { $0.values[assessment] == .code(0) })
        #expect(stats?.recorded.contains("assessment_outcome") == true)
        #expect(
            errors == [
                "cases.csv:5:2: error: Agreed: 'Maybe' is not a code of request_outcome (expected assess, not_assess, withdrawn, historical, or as mapped in the configuration 'Yes', 'No') (case C4)"
            ])
    }

    @Test("coverage: without an outcome code the final-plan date cannot be checked; a constant makes it checkable")
    func coverage() throws {
        let csv = "case_id,request_received,assessment_outcome_date\nC1,2026-01-05,2026-05-01\n"
        let (_, stats, _) = Fixtures.read(csv)
        let without = SourceCoverage.of(try #require(stats), ruleSet: Fixtures.statutory)
        let rule = try #require(without.rules.first { $0.rule == "reg13-final-plan" })
        #expect(rule.state == .notChecked && rule.reason == .noEnd && rule.missing == ["assessment_outcome"])
        let constant = CaseMapping(constants: [.init(field: "assessment_outcome", value: "issue")])
        let (_, withStats, _) = Fixtures.read(csv, mapping: constant)
        let with = SourceCoverage.of(try #require(withStats), ruleSet: Fixtures.statutory, mapping: constant)
        #expect(with.rules.first { $0.rule == "reg13-final-plan" }?.state == .partial)
        #expect(with.rules.first { $0.rule == "reg13-final-plan" }?.missing == ["request_outcome", "exception"])
        #expect(with.checksAnything)
        let nothing = SourceCoverage.of(try #require(Fixtures.read("case_id,Received\nC1,2026-01-05\n").stats), ruleSet: Fixtures.statutory)
        #expect(!nothing.checksAnything)
    }
}
