/// Takes the findings of subjects as they stream in (through the `SubjectDriver`) and keeps only
/// what the report needs: counts for every (rule, status), the subjects' overall RAG, and the
/// findings to list.
public struct CheckAccumulator {
    private var driver: SubjectDriver
    private var tally: Tally
    public let options: CheckOptions

    public init(ruleSet: RuleSet, options: CheckOptions) {
        driver = SubjectDriver(ruleSet: ruleSet, asOf: options.asOf, rag: options.rag)
        tally = Tally(ruleSet: ruleSet, options: options)
        self.options = options
    }

    /// The evaluator every subject is evaluated with.
    public var evaluator: Evaluator { driver.evaluator }
    public var subjects: Int { tally.subjects }
    /// Case sources seen, by the order they were first met; findings point into it.
    public var sources: [String] { tally.sources }

    /// Evaluates every rule for one subject.
    public mutating func add(_ subject: Subject) { driver.evaluate(subject, into: &tally) }

    /// Adds what another accumulator (over another part of the input, with the same rules and
    /// options) has gathered, as if its subjects had been added here after this one's.
    public mutating func absorb(_ other: CheckAccumulator) { tally.absorb(other.tally) }

    /// The finished result, findings sorted by rule id, then subject, then start (each rule's findings
    /// sorted apart, by `concurrently`).
    public consuming func result(ruleSet: RuleSet, inputs: [ReadStatistics], concurrently: Concurrently = oneAfterAnother) -> CheckResult {
        tally.result(ruleSet: ruleSet, inputs: inputs, concurrently: concurrently)
    }
}

extension CheckAccumulator {
    /// The bookkeeping of a check: counts, listed findings, the subjects' worst RAG, rules not checked.
    struct Tally: FindingConsumer {
        let options: CheckOptions
        private let ruleCount: Int
        private let statusCount = Status.allCases.count
        private let rules: [Rule]
        /// RAG per rule and status (rules may override the mapping, e.g. blue for a complete action).
        private let ragTables: [[RAG]]
        /// Per rule and status (`rule * statuses + status`), flat for the hot path: the RAG's rank,
        /// whether such a finding is listed, and whether the RAG is blue (complete).
        private let ranks: [Int]
        private let listed: [Bool]
        private let blue: [Bool]
        /// Subjects by worst finding: green, amber, red, and blue for a subject whose findings are all blue.
        private var subjectRAG: [Int] = [0, 0, 0, 0]
        /// counts[rule * statuses + status]
        private var counts: [Int]
        /// Findings to list, one bucket per rule, each in the order subjects arrived.
        private var buckets: [[Finding]]
        /// Per rule, the buckets of accumulators absorbed (and this one's before them), in order: kept as
        /// they are rather than copied into one array.
        private var absorbed: [[[Finding]]]
        private(set) var subjects = 0
        private(set) var sources: [String] = []
        private var lastSource: (FieldPresence, Int32)?

        private struct SourceRule: Hashable {
            var rule: Int
            var source: Int32
        }
        private var unchecked: [SourceRule: (fields: [String], count: Int)] = [:]
        /// Per rule, the not-recorded count for the source seen last, folded into `unchecked` when the
        /// source changes (a rule a file cannot check meets every row: no hashing per row).
        private var pending: [(source: Int32, fields: [String], count: Int)?]

        /// The subject being taken: its source, column, whether it was joined, its worst RAG so far, and
        /// its listed findings still to be placed at their events' rows.
        private var source: Int32 = -1
        private var column: Int32 = 1
        private var joined = false
        private var worst = -1
        private var allBlue = true
        private var unplaced: [(rule: Int, index: Int)] = []

        init(ruleSet: RuleSet, options: CheckOptions) {
            self.options = options
            rules = ruleSet.rules
            ruleCount = ruleSet.rules.count
            ragTables = options.rag.tables(for: ruleSet.rules)
            ranks = ragTables.flatMap { $0.map(\.rank) }
            blue = ragTables.flatMap { $0.map { $0 == .blue } }
            listed = ragTables.flatMap { $0.map { options.listAll || $0 == .red || $0 == .amber } }
            counts = Array(repeating: 0, count: ruleSet.rules.count * Status.allCases.count)
            buckets = Array(repeating: [], count: ruleSet.rules.count)
            absorbed = Array(repeating: [], count: ruleSet.rules.count)
            pending = Array(repeating: nil, count: ruleSet.rules.count)
        }

        private mutating func sourceIndex(_ subject: Subject) -> Int32 {
            if let (presence, index) = lastSource, let recorded = subject.recorded, presence === recorded { return index }
            let path = subject.location.path
            let index = Int32(sources.firstIndex(of: path) ?? sources.count)
            if index == sources.count { sources.append(path) }
            if let recorded = subject.recorded { lastSource = (recorded, index) }
            return index
        }

        mutating func begin(_ subject: Subject) {
            subjects += 1
            source = sourceIndex(subject)
            column = Int32(truncatingIfNeeded: subject.location.column)
            joined = subject.provenance != nil
            worst = -1
            allBlue = true
        }

        mutating func take(_ finding: Finding, rule index: Int, rag: RAG) {
            if CheckOptions.isHistory(finding, since: options.since) { return }
            let cell = index * statusCount + finding.status.index
            counts[cell] += 1
            worst = max(worst, ranks[cell])
            allBlue = allBlue && blue[cell]
            guard listed[cell] else { return }
            var f = finding
            f.source = source
            f.column = column
            // Placed once the subject's rules have run (`end`), where the subject is at hand.
            if joined || f.isInvalidField { unplaced.append((index, buckets[index].count)) }
            buckets[index].append(f)
        }

        mutating func notChecked(rule index: Int, fields: [String]) {
            if pending[index]?.source == source {
                pending[index]!.count += 1
            } else {
                flush(index)
                pending[index] = (source, fields, 1)
            }
        }

        mutating func end(_ subject: Subject) {
            if worst >= 0 { subjectRAG[worst == 0 && allBlue ? 3 : worst] += 1 }
            for (rule, i) in unplaced {
                var f = buckets[rule][i]
                place(&f, rule: rule, subject: subject)
                buckets[rule][i] = f
            }
            unplaced.removeAll(keepingCapacity: true)
        }

        /// Places a finding at the rows (or cell) of its start and end events (`FindingPlaces`).
        private mutating func place(_ f: inout Finding, rule: Int, subject: Subject) {
            let (start, end) = FindingPlaces.of(f, rule: rules[rule], subject: subject)
            if let path = name(of: start, subject: subject) {
                f.source = index(of: path)
                f.line = start.line
                f.column = max(1, start.column)
            }
            if let end, end.source != start.source || end.line != start.line, let path = name(of: end, subject: subject) {
                f.endSource = index(of: path)
                f.endLine = end.line
            }
        }

        /// The path of an origin's source (nil for the subject's own row when it is not numbered).
        private func name(of origin: Origin, subject: Subject) -> String? {
            guard origin.source >= 0, let names = subject.recorded?.sources, Int(origin.source) < names.count else { return nil }
            return names[Int(origin.source)]
        }

        private mutating func index(of path: String) -> Int32 {
            if let i = sources.firstIndex(of: path) { return Int32(i) }
            sources.append(path)
            return Int32(sources.count - 1)
        }

        private mutating func flush(_ rule: Int) {
            guard let p = pending[rule] else { return }
            pending[rule] = nil
            unchecked[SourceRule(rule: rule, source: p.source), default: (p.fields, 0)].count += p.count
        }

        /// Adds another part's bookkeeping, as if its subjects had been taken after this one's.
        mutating func absorb(_ other: Tally) {
            var other = other
            for rule in pending.indices {
                flush(rule)
                other.flush(rule)
            }
            subjects += other.subjects
            for i in counts.indices { counts[i] += other.counts[i] }
            for i in subjectRAG.indices { subjectRAG[i] += other.subjectRAG[i] }
            let remap: [Int32] = other.sources.map { path in
                if let i = sources.firstIndex(of: path) { return Int32(i) }
                sources.append(path)
                return Int32(sources.count - 1)
            }
            let sameSources = remap.indices.allSatisfy { remap[$0] == Int32($0) }
            for rule in buckets.indices {
                if !buckets[rule].isEmpty { absorbed[rule].append(buckets[rule]) }
                buckets[rule] = []
                for var bucket in other.absorbed[rule] + [other.buckets[rule]] where !bucket.isEmpty {
                    if !sameSources {
                        for i in bucket.indices {
                            if bucket[i].source >= 0 { bucket[i].source = remap[Int(bucket[i].source)] }
                            if bucket[i].endSource >= 0 { bucket[i].endSource = remap[Int(bucket[i].endSource)] }
                        }
                    }
                    absorbed[rule].append(bucket)
                }
            }
            for (key, u) in other.unchecked {
                let mapped = SourceRule(rule: key.rule, source: remap[Int(key.source)])
                unchecked[mapped, default: (u.fields, 0)].count += u.count
            }
        }

        /// The finished result, findings sorted by rule id, then subject, then start (each rule's findings
        /// sorted apart, by `concurrently`).
        consuming func result(ruleSet: RuleSet, inputs: [ReadStatistics], concurrently: Concurrently = oneAfterAnother) -> CheckResult {
            let rules = ruleSet.rules
            // Findings are already bucketed by rule; sort each bucket by subject in place (an adaptive,
            // stable sort: linear when the input is in reference order, as exports usually are) and list
            // the buckets in rule-id order without copying them into one array.
            let order = rules.indices.sorted { (rules[$0].id, $0) < (rules[$1].id, $1) }
            for rule in pending.indices { flush(rule) }
            /// One rule's findings, written by the one thread that sorts them, read after the join.
            final class Rule: @unchecked Sendable {
                var parts: [[Finding]]
                let count: Int
                init(_ parts: [[Finding]]) {
                    self.parts = parts
                    count = parts.reduce(0) { $0 + $1.count }
                }
            }
            let perRule = absorbed.indices.map { Rule(absorbed[$0] + [buckets[$0]]) }
            // Largest first, so the longest sort starts at once.
            let bySize = perRule.indices.sorted { perRule[$0].count > perRule[$1].count }
            concurrently(bySize.count) { i in
                let rule = perRule[bySize[i]]
                rule.parts = FindingOrder.sorted(parts: rule.parts)
            }
            let parts = perRule.map(\.parts)
            buckets = []
            absorbed = []
            let listed = FindingList(order.flatMap { parts[$0] })
            var byRule: [String: [Status: Int]] = [:]
            var byRAG: [RAG: Int] = [:]
            for rule in 0..<ruleCount {
                for status in Status.allCases {
                    let n = counts[rule * statusCount + status.index]
                    guard n > 0 else { continue }
                    byRule[rules[rule].id, default: [:]][status, default: 0] += n
                    byRAG[ragTables[rule][status.index], default: 0] += n
                }
            }
            let notChecked = unchecked.map { key, u in
                NotChecked(rule: rules[key.rule].id, path: sources[Int(key.source)], missing: u.fields, subjects: u.count)
            }.sorted { ($0.rule, $0.path) < ($1.rule, $1.path) }
            return CheckResult(
                asOf: options.asOf, since: options.since, subjects: subjects, findings: listed, byRule: byRule,
                byRAG: byRAG, subjectsByRAG: [.green: subjectRAG[0], .amber: subjectRAG[1], .red: subjectRAG[2], .blue: subjectRAG[3]],
                inputs: inputs, ruleSet: ruleSet, rag: options.rag, sources: sources, notChecked: notChecked)
        }
    }
}
