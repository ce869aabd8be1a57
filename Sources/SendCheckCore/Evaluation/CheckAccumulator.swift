/// Runs the evaluator over subjects as they stream in and keeps only what the report needs:
/// counts for every (rule, status), the subjects' overall RAG, and the findings to list.
public struct CheckAccumulator {
    public let evaluator: Evaluator
    public let options: CheckOptions
    private let ruleCount: Int
    private let statusCount = Status.allCases.count
    /// RAG per rule and status (rules may override the mapping, e.g. blue for a complete action).
    private let ragTables: [[RAG]]
    /// Per rule and status (`rule * statuses + status`), flat for the hot path: the RAG's rank, and
    /// whether such a finding is listed.
    private let ranks: [Int]
    private let listed: [Bool]
    private var buffer: [Value] = []
    private var rulesByKind: [String: [Int]] = [:]
    /// Subjects by worst finding: green, amber, red, and blue for a subject whose findings are all blue.
    private var subjectRAG: [Int] = [0, 0, 0, 0]
    /// Per rule and status: whether the RAG is blue (complete).
    private let blue: [Bool]
    /// counts[rule * statuses + status]
    private var counts: [Int]
    /// Findings to list, one bucket per rule, each in the order subjects arrived.
    private var buckets: [[Finding]]
    /// Per rule, the buckets of accumulators absorbed (and this one's before them), in order: kept as
    /// they are rather than copied into one array.
    private var absorbed: [[[Finding]]]
    public private(set) var subjects = 0
    /// Case sources seen, by the order they were first met; findings point into it.
    public private(set) var sources: [String] = []
    private var lastSource: (FieldPresence, Int32)?
    private var lastKind: (kind: String, rules: [Int], mask: Int?)?

    private struct SourceRule: Hashable {
        var rule: Int
        var source: Int32
    }
    private var unchecked: [SourceRule: (fields: [String], count: Int)] = [:]
    /// Per rule, the not-recorded count for the source seen last, folded into `unchecked` when the
    /// source changes (a rule a file cannot check meets every row: no hashing per row).
    private var pending: [(source: Int32, fields: [String], count: Int)?]

    public init(ruleSet: RuleSet, options: CheckOptions) {
        evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf, reasons: false)
        self.options = options
        ruleCount = ruleSet.rules.count
        ragTables = options.rag.tables(for: ruleSet.rules)
        ranks = ragTables.flatMap { $0.map(\.rank) }
        blue = ragTables.flatMap { $0.map { $0 == .blue } }
        listed = ragTables.flatMap { $0.map { options.listAll || $0 == .red || $0 == .amber } }
        counts = Array(repeating: 0, count: ruleSet.rules.count * Status.allCases.count)
        buckets = Array(repeating: [], count: ruleSet.rules.count)
        absorbed = Array(repeating: [], count: ruleSet.rules.count)
        pending = Array(repeating: nil, count: ruleSet.rules.count)
        for kind in ruleSet.schemas.keys { rulesByKind[kind] = ruleSet.ruleIndices(for: kind) }
    }

    private mutating func sourceIndex(_ subject: Subject) -> Int32 {
        if let (presence, index) = lastSource, let recorded = subject.recorded, presence === recorded { return index }
        let path = subject.location.path
        let index = Int32(sources.firstIndex(of: path) ?? sources.count)
        if index == sources.count { sources.append(path) }
        if let recorded = subject.recorded { lastSource = (recorded, index) }
        return index
    }

    /// Evaluates every rule for one subject.
    public mutating func add(_ subject: Subject) {
        subjects += 1
        let rules: [Int]
        let mask: Int?
        if let last = lastKind, last.kind == subject.kind {
            (rules, mask) = (last.rules, last.mask)
        } else {
            guard let found = rulesByKind[subject.kind] else { return }
            mask = evaluator.maskIndex(for: subject.kind)
            lastKind = (subject.kind, found, mask)
            rules = found
        }
        let source = sourceIndex(subject)
        let column = Int32(truncatingIfNeeded: subject.location.column)
        evaluator.prepare(subject, mask: mask, into: &buffer)
        var worst = -1
        var allBlue = true
        let joined = subject.provenance != nil
        var unplaced: [(rule: Int, index: Int)] = []
        let statusCount = self.statusCount
        let evaluator = self.evaluator
        let since = options.since
        buffer.withUnsafeBufferPointer { values in
            for index in rules where !evaluator.notStarted(index, values) {
                evaluator.evaluate(subject, rule: index, values: values) { outcome in
                    switch outcome {
                    case .finding(var f):
                        if CheckOptions.isHistory(f, since: since) { return }
                        let cell = index * statusCount + f.status.index
                        counts[cell] += 1
                        worst = max(worst, ranks[cell])
                        allBlue = allBlue && blue[cell]
                        if listed[cell] {
                            f.source = source
                            f.column = column
                            // Placed after the rules run: reading the subject here would copy it into this closure.
                            if joined || f.isInvalidField { unplaced.append((index, buckets[index].count)) }
                            buckets[index].append(f)
                        }
                    case .notApplicable(_, .notRecorded(let fields)):
                        if pending[index]?.source == source {
                            pending[index]!.count += 1
                        } else {
                            flush(index)
                            pending[index] = (source, fields, 1)
                        }
                    case .notApplicable:
                        break
                    }
                }
            }
        }
        if worst >= 0 { subjectRAG[worst == 0 && allBlue ? 3 : worst] += 1 }
        for (rule, i) in unplaced {
            var f = buckets[rule][i]
            place(&f, rule: rule, subject: subject)
            buckets[rule][i] = f
        }
    }

    /// Places a finding at the rows (or cell) of its start and end events (`FindingPlaces`).
    private mutating func place(_ f: inout Finding, rule: Int, subject: Subject) {
        let (start, end) = FindingPlaces.of(f, rule: evaluator.ruleSet.rules[rule], subject: subject)
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

    /// Adds what another accumulator (over another part of the input, with the same rules and
    /// options) has gathered, as if its subjects had been added here after this one's.
    public mutating func absorb(_ other: CheckAccumulator) {
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
    public consuming func result(ruleSet: RuleSet, inputs: [ReadStatistics], concurrently: Concurrently = oneAfterAnother) -> CheckResult {
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
