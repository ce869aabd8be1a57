import SendCheckCore
import Testing

/// Time travel gives what separate evaluations give for rule packs nobody wrote: random starts,
/// ends, limits, amber windows, exceptions (with conditions), conditions reading the as-of date and
/// repeating duties (`SyntheticRulePack`). The fuzzer runs the same check in a release build.
@Suite("Time travel over random rule packs")
struct RandomPackEquivalenceTests {
    static func load(_ pack: SyntheticRulePack) -> RuleSet? {
        var diagnostics = Diagnostics()
        let ruleSet = RuleSetLoader.load([.init(path: "random.yaml", text: pack.yaml)], diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "seed \(pack.seed): \(diagnostics.items.map(\.description))")
        return ruleSet
    }

    @Test("one pass over many dates equals an evaluation as of each date", arguments: Array(UInt64(1)...UInt64(160)))
    func randomPack(seed: UInt64) throws {
        let pack = SyntheticRulePack(seed: seed)
        let ruleSet = try #require(Self.load(pack))
        let wide = Fixtures.read(pack.wide, ruleSet: ruleSet).subjects
        let long = Fixtures.read(pack.long, layout: .long, ruleSet: ruleSet).subjects
        #expect(wide.count == 120)
        let differences = TimeTravelEquivalence.differences(wide + long, ruleSet: ruleSet, dates: pack.dates, limit: 3)
        #expect(differences.isEmpty, "seed \(seed) (SyntheticRulePack(seed: \(seed)).yaml is the pack):\n\(differences.joined(separator: "\n"))")
    }

    @Test("the same seed makes the same pack and data; another seed another")
    func seeded() {
        let (one, again, other) = (SyntheticRulePack(seed: 9), SyntheticRulePack(seed: 9), SyntheticRulePack(seed: 10))
        #expect(one.yaml == again.yaml && one.wide == again.wide && one.long == again.long && one.dates == again.dates)
        #expect(one.yaml != other.yaml)
    }
}
