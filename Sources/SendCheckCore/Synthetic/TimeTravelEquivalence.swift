/// Holds time travel to the evaluator: the findings of subjects as of each of several dates, from
/// one `TimeTravel` pass (whole findings and the status tallies), against a separate evaluation as
/// of each date. The tests run it over the bundled packs and over random ones
/// (`SyntheticRulePack`), and the fuzzer over packs made from its input, in a release build.
public enum TimeTravelEquivalence {
    /// The differences (at most `limit`), one readable line each; empty when the two agree.
    public static func differences(_ subjects: [Subject], ruleSet: RuleSet, dates: [Day], limit: Int = 10) -> [String] {
        let travel = TimeTravel(ruleSet: ruleSet, dates: dates)
        let scratch = TimeTravel.Scratch()
        let evaluators = travel.dates.map { Evaluator(ruleSet: ruleSet, asOf: $0, reasons: false) }
        let every = Array(travel.dates.indices)
        var buffer: [Value] = []
        var out: [String] = []
        for subject in subjects {
            var whole = [[String]](repeating: [], count: every.count)
            var tallied = whole
            travel.evaluate(
                subject, scratch: scratch, wanted: every,
                tally: { range, rule, status, f in
                    for d in range { tallied[d].append(tally(ruleSet.rules[rule].id, status, f)) }
                }
            ) { d, rule, f in whole[d].append(describe(ruleSet.rules[rule].id, f)) }
            for (d, evaluator) in evaluators.enumerated() {
                var alone: [String] = []
                var aloneTallied: [String] = []
                evaluator.forEachFinding(subject, buffer: &buffer) { rule, f in
                    alone.append(describe(rule.id, f))
                    aloneTallied.append(tally(rule.id, f.status, f))
                }
                let at = "\(subject.id) as of \(travel.dates[d].iso)"
                if alone.sorted() != whole[d].sorted() {
                    out.append("\(at): alone \(alone.sorted()), in one pass \(whole[d].sorted())")
                }
                if aloneTallied.sorted() != tallied[d].sorted() {
                    out.append("\(at): tallies alone \(aloneTallied.sorted()), in one pass \(tallied[d].sorted())")
                }
                if out.count >= limit { return out }
            }
        }
        return out
    }

    static func describe(_ rule: String, _ f: Finding) -> String {
        "\(rule) \(f.status.rawValue) \(f.start?.iso ?? "-") \(f.due?.iso ?? "-") \(f.completed?.iso ?? "-") \(f.detail)"
    }

    static func tally(_ rule: String, _ status: Status, _ f: Finding) -> String {
        "\(rule) \(status.rawValue) \(f.start?.iso ?? "-")"
    }
}
