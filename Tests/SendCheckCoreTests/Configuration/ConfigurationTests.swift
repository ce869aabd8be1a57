import SendCheckCore
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("the commented sendcheck.yaml at the repository root parses")
    func bundled() throws {
        var diagnostics = Diagnostics()
        let text = try String(contentsOfFile: Fixtures.path("sendcheck.yaml"), encoding: .utf8)
        let config = try #require(Configuration.parse(text, path: "sendcheck.yaml", diagnostics: &diagnostics))
        #expect(diagnostics.items.isEmpty)
        #expect(config.rules == ["rules"])
        #expect(config.cases.map(\.path) == ["examples/cases.csv", "examples/review-events.csv"])
        #expect(config.cases[1].layout == .long)
        #expect(config.amberByRule["reg18-phase-transfer"]?.days == 42)
        #expect(config.failOn == .red)
    }

    @Test("amber windows, RAG and disabled rules apply to the rule set; unknown ids are located errors")
    func apply() throws {
        let text = """
            version: 1
            amber: {default: 10 days, rules: {reg13-final-plan: 3 weeks, reg99-nothing: 1 week}}
            rag: {excepted: green}
            disable: [cop-under5-review, reg13-final-plam]
            """
        var diagnostics = Diagnostics()
        let config = try #require(Configuration.parse(text, path: "c.yaml", diagnostics: &diagnostics))
        #expect(config.rag.rag(.excepted) == .green)
        let set = config.apply(to: Fixtures.statutory, diagnostics: &diagnostics)
        #expect(
            diagnostics.items.map(\.description).sorted() == [
                "c.yaml:2:62: error: no rule 'reg99-nothing' is loaded",
                "c.yaml:4:30: error: no rule 'reg13-final-plam' is loaded; did you mean 'reg13-final-plan'?",
            ])
        let rules = Dictionary(uniqueKeysWithValues: set.rules.map { ($0.id, $0) })
        #expect(rules["cop-under5-review"] == nil)
        #expect(rules["reg13-final-plan"]?.amberDays == 21)
        #expect(rules["reg5-assessment-decision"]?.amberDays == 10)
        #expect(rules["reg18-phase-transfer"]?.amberDays == 42, "a rule's own amber window beats the default")
    }

    @Test("bad configuration is reported with positions")
    func errors() {
        var diagnostics = Diagnostics()
        let text = "version: 1\ncase: [a.csv]\nfail_on: orange\nrag: {overdue: purple}\n"
        #expect(Configuration.parse(text, path: "c.yaml", diagnostics: &diagnostics) == nil)
        #expect(
            diagnostics.items.map(\.description) == [
                "c.yaml:2:1: error: unknown key 'case' in the configuration; did you mean 'cases'?",
                "c.yaml:4:16: error: the RAG of 'overdue' must be red, amber, green or blue",
                "c.yaml:3:10: error: 'fail_on' in the configuration must be one of red, amber, never, not 'orange'",
            ])
    }
}
