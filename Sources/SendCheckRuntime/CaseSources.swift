import Foundation
import SendCheckCore

/// Reads every case source of a run into one stream of joined subjects (`docs/case-data.md`, "How
/// files join"): a case is one child's record across every source.
///
/// The largest wide-layout source is streamed (on every core); every other source is read first into
/// a `CaseIndex` gathered by reference, and each streamed row takes in its reference's rows from the
/// index (`SubjectJoiner`). References no streamed row has are subjects of their own, after the
/// stream. With one wide source and nothing to join, this is the plain parallel read.
struct CaseSources {
    let sources: [Configuration.CaseSource]
    let schema: Schema

    /// What the read gives besides the subjects: per source (in the order configured), its counts
    /// (nil when it could not be read) and the fields it records.
    struct Outcome {
        var inputs: [ReadStatistics?]
        var recorded: [[Bool]]
    }

    /// The specs of the sources: each with its number (the order configured) and its name in locations.
    var specs: [CaseFileSpec] {
        sources.enumerated().map { i, s in
            CaseFileSpec(
                path: s.displayName, source: Int32(i), mapping: s.mapping, layout: s.layout, conventions: s.conventions, event: s.event)
        }
    }

    /// Per source, its rank when two sources give one field different values (lower wins): the
    /// sources with a `priority` first, lowest first; then the others, in the order listed.
    var ranks: [Int] {
        let order = sources.indices.sorted { (sources[$0].priority ?? Int.max, $0) < (sources[$1].priority ?? Int.max, $1) }
        var ranks = [Int](repeating: 0, count: sources.count)
        for (rank, i) in order.enumerated() { ranks[i] = rank }
        return ranks
    }

    /// How the case data is read: with which rules, on how many cores, which fields' texts are kept
    /// (to group by team), and whether each subject keeps its rows as written (for `explain`).
    struct ReadPlan {
        let ruleSet: RuleSet
        let cores: Int
        let labels: Set<String>
        let keepRaw: Bool
        /// The warning of events dated after a case's end, made once for the rules and used by the
        /// streamed source and the joined rest alike.
        let afterEnd: AfterEndCheck?

        init(ruleSet: RuleSet, cores: Int, labels: Set<String>, keepRaw: Bool = false) {
            (self.ruleSet, self.cores, self.labels, self.keepRaw) = (ruleSet, cores, labels, keepRaw)
            afterEnd = AfterEndCheck(ruleSet: ruleSet)
        }
    }

    /// Reads every source, handing each joined subject to consumers made by `make` (one per part read
    /// in parallel), absorbed into `total` in order: the streamed file's subjects, then the others'.
    func read<C: PartialConsumer>(
        into total: inout C, plan: ReadPlan, compile: () -> RuleSet, make: (RuleSet) -> C, diagnostics: inout Diagnostics
    ) -> Outcome {
        var outcome = Outcome(
            inputs: [ReadStatistics?](repeating: nil, count: sources.count), recorded: [[Bool]](repeating: [], count: sources.count))
        let streamed = streamedSource()
        let sealed = readIndexed(except: streamed, plan: plan, into: &outcome, &diagnostics)
        var tally = SubjectJoiner.Tally(sources: sources.count)
        var claimed = [Bool](repeating: false, count: sealed.count)
        if let p = streamed {
            let part = readStreamed(p, joining: sealed, plan: plan, outcome: &outcome, compile: compile, make: make, &diagnostics)
            for join in part?.joins ?? [] {
                tally.add(join.tally)
                for r in join.claimed { claimed[Int(r)] = true }
            }
            if let consumer = part?.accumulator, let stats = part?.statistics {
                total.absorb(consumer)
                outcome.inputs[p] = stats
            }
        }
        if !sealed.isEmpty {
            // The children no streamed row has: subjects made from the other sources alone.
            let names = specs.map(\.path)
            let joiner = SubjectJoiner(
                index: sealed, ranks: ranks, names: names, schema: schema,
                presence: FieldPresence(path: names.joined(separator: ", "), present: Self.union(outcome.recorded), sources: names))
            var rest = make(plan.ruleSet)
            var joinDiagnostics = Diagnostics()
            let part = JoinPart(joiner)
            for r in joiner.unclaimed(claimed) {
                let subject = joiner.subject(r, part: part, diagnostics: &joinDiagnostics)
                plan.afterEnd?.check(subject, diagnostics: &joinDiagnostics)
                rest.add(subject)
            }
            tally.add(part.tally)
            diagnostics.append(contentsOf: joinDiagnostics)
            total.absorb(rest)
        }
        for i in sources.indices where outcome.inputs[i] != nil {
            outcome.inputs[i]!.duplicateEvents += tally.duplicateEvents[i]
            outcome.inputs[i]!.conflicts += tally.conflicts[i]
        }
        return outcome
    }

    /// Every source but the streamed one, read into one index gathered by reference, sealed.
    private func readIndexed(except streamed: Int?, plan: ReadPlan, into outcome: inout Outcome, _ diagnostics: inout Diagnostics) -> CaseIndex {
        let specs = self.specs
        var index = CaseIndex()
        for i in sources.indices where i != streamed {
            let read = SourceBytes.with(sources[i], spec: specs[i], schema: schema, diagnostics: &diagnostics) { bytes, _, diagnostics in
                indexed(
                    bytes, specs[i], cores: plan.keepRaw ? 1 : plan.cores, labels: plan.labels, keepRaw: plan.keepRaw, diagnostics: &diagnostics)
            }
            if let (stats, recorded, part) = read ?? nil {
                if index.isEmpty { index = part } else { index.absorb(part) }
                outcome.inputs[i] = stats
                outcome.recorded[i] = recorded
            }
        }
        return index.sealed()
    }

    /// The streamed source (the largest wide one) read on every core, each row joined with the index's
    /// rows of its reference. Nil when the file could not be read.
    private func readStreamed<C: PartialConsumer>(
        _ p: Int, joining sealed: CaseIndex, plan: ReadPlan, outcome: inout Outcome, compile: () -> RuleSet, make: (RuleSet) -> C,
        _ diagnostics: inout Diagnostics
    ) -> ParallelCheck.Part<C>? {
        let (specs, names) = (self.specs, self.specs.map(\.path))
        return SourceBytes.with(sources[p], spec: specs[p], schema: schema, diagnostics: &diagnostics) { bytes, release, diagnostics in
            let own = CaseFileReader.recorded(bytes, specs[p], schema: schema) ?? []
            outcome.recorded[p] = own
            let joiner =
                sealed.isEmpty
                ? nil
                : SubjectJoiner(
                    index: sealed, ranks: ranks, names: names, schema: schema,
                    presence: FieldPresence(path: names[p], present: Self.union(outcome.recorded), sources: names))
            let file = ParallelCheck.File(spec: specs[p], schema: schema, joiner: joiner, afterEnd: plan.afterEnd)
            let part = ParallelCheck.run(bytes, release: release, file: file, plan: plan, compile: compile, make: make)
            diagnostics.append(contentsOf: part.diagnostics)
            return part
        } ?? nil
    }

    /// Boxes one part's index for the worker that reads it (one writer, read after the join).
    private final class IndexPart: @unchecked Sendable {
        var index = CaseIndex()
        var read: (statistics: ReadStatistics, recorded: [Bool])?
        var diagnostics = Diagnostics()
    }

    /// One source read into an index of its own: an events or long file of some size in parts, one
    /// per core, merged in file order (the same index a single pass makes); a wide file in one pass
    /// (a reference repeated in it must be rejected where a single pass rejects it).
    private func indexed(
        _ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, cores: Int, labels: Set<String>, keepRaw: Bool, diagnostics: inout Diagnostics
    ) -> (statistics: ReadStatistics, recorded: [Bool], index: CaseIndex)? {
        let layout = spec.layout ?? CaseFileReader.layout(of: bytes, mapping: spec.mapping)
        let segments = layout.isEventLayout && cores > 1 ? CaseFileReader.segments(bytes, count: min(cores, 8)) : []
        guard segments.count > 1 else {
            var index = CaseIndex()
            guard
                let read = CaseFileReader.index(
                    bytes, spec, schema: schema, labels: labels, keepRaw: keepRaw, into: &index, diagnostics: &diagnostics)
            else { return nil }
            return (read.statistics, read.recorded, index)
        }
        let parts = segments.map { _ in IndexPart() }
        onEveryCore(parts.count) { i in
            parts[i].read = CaseFileReader.index(
                bytes, spec, schema: schema, labels: labels, segment: segments[i], into: &parts[i].index, diagnostics: &parts[i].diagnostics)
        }
        // A header that cannot be read fails every part alike: report it once.
        guard var (statistics, recorded) = parts[0].read else {
            diagnostics.append(contentsOf: parts[0].diagnostics)
            return nil
        }
        var index = parts[0].index
        diagnostics.append(contentsOf: parts[0].diagnostics)
        for part in parts.dropFirst() {
            diagnostics.append(contentsOf: part.diagnostics)
            guard let read = part.read else { continue }
            index.absorb(part.index)
            statistics.add(read.statistics)
            recorded = Self.union([recorded, read.recorded])
        }
        // The parts may share references: the file's children are the references it holds.
        statistics.subjects = index.count
        return (statistics, recorded, index)
    }

    /// The source to stream: the largest wide-layout one (by bytes on disk), if any.
    private func streamedSource() -> Int? {
        var best: (index: Int, size: Int)?
        for (i, s) in sources.enumerated() {
            let layout = s.layout ?? (s.isWorkbook ? .wide : Self.detectedLayout(s))
            guard layout == .wide else { continue }
            let size = (try? FileManager.default.attributesOfItem(atPath: s.path)[.size] as? Int) ?? 0
            if best == nil || size > best!.size { best = (i, size) }
        }
        return best?.index
    }

    /// A CSV file's layout from its header, as the reader would detect it.
    private static func detectedLayout(_ s: Configuration.CaseSource) -> CaseLayout {
        (try? MappedFile.with(s.path) { bytes, _ in CaseFileReader.layout(of: bytes, mapping: s.mapping) }.get()) ?? .wide
    }

    /// The fields any of the sources records.
    static func union(_ recorded: [[Bool]]) -> [Bool] {
        var out: [Bool] = []
        for r in recorded {
            if r.count > out.count { out += [Bool](repeating: false, count: r.count - out.count) }
            for (i, has) in r.enumerated() where has { out[i] = true }
        }
        return out
    }
}
