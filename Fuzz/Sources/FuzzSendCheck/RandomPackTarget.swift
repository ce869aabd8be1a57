import SendCheckCore

/// Target 11: a random rule pack and its cases (`SyntheticRulePack`), seeded by the input, through
/// time travel and separate evaluations (`TimeTravelEquivalence`). A difference is a crash, with the
/// seed that makes the pack again.
enum RandomPackFuzz {
    static func check(_ bytes: UnsafeRawBufferPointer) {
        var seed: UInt64 = 0
        for b in bytes.prefix(8) { seed = seed << 8 | UInt64(b) }
        let rules = 1 + Int(bytes.dropFirst(8).first ?? 5) % 8
        let pack = SyntheticRulePack(seed: seed, rules: rules, cases: 40)
        var diagnostics = Diagnostics()
        guard let ruleSet = RuleSetLoader.load([.init(path: "random.yaml", text: pack.yaml)], diagnostics: &diagnostics),
            !diagnostics.hasErrors, let schema = ruleSet.schemas["case"]
        else { fatalError("seed \(seed): the random pack did not load: \(diagnostics.items.map(\.description))") }
        var subjects: [Subject] = []
        for (text, layout) in [(pack.wide, CaseLayout.wide), (pack.long, .long)] {
            let csv = Array(text.utf8)
            _ = csv.withUnsafeBytes { raw in
                CaseFileReader.read(raw, path: "random.csv", schema: schema, layout: layout, diagnostics: &diagnostics) {
                    subjects.append($0)
                }
            }
        }
        let differences = TimeTravelEquivalence.differences(subjects, ruleSet: ruleSet, dates: pack.dates, limit: 3)
        if !differences.isEmpty { fatalError("seed \(seed), \(rules) rules: \(differences.joined(separator: "\n"))") }
    }
}
