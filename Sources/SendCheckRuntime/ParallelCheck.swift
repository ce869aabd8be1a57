import Foundation
import SendCheckCore

/// Streams one wide case file (the joined run's largest), on every core when it is large.
///
/// The file is split at row boundaries into several segments per core; each core takes the next
/// segment not yet taken, so a core slowed by the machine does not hold the others up. Each segment
/// is read and evaluated with its own consumer (and its own share of the join), and the parts are
/// merged in file order. A reference repeated across segments (a data error) is detected afterwards;
/// the file is then read again in one pass, so the later row is rejected exactly as a sequential read
/// would reject it.
enum ParallelCheck {
    struct Part<C: PartialConsumer> {
        var accumulator: C?
        var statistics: ReadStatistics?
        var diagnostics = Diagnostics()
        /// The references of the other sources this file's rows claimed, and what joining counted.
        var joins: [JoinPart] = []
    }

    /// Segments per core: enough that the cores finish together, few enough that each is long.
    static let segmentsPerCore = 8

    /// Boxes a segment's result for the worker that fills it (one writer, read after the join).
    private final class Slot<C: PartialConsumer>: @unchecked Sendable {
        var part = Part<C>()
        var references: SubjectReferences?
    }

    /// One case file to read: its spec and schema, the index its rows join (nil: none), and the check
    /// of dates after a case's end.
    struct File {
        var spec: CaseFileSpec
        var schema: Schema
        var joiner: SubjectJoiner?
        var afterEnd: AfterEndCheck?
    }

    /// Reads one case file's bytes into consumers made by `make` (one per part, each with its own
    /// compiled rules), merged in file order, joining `file.joiner`'s rows into each subject.
    static func run<C: PartialConsumer>(
        _ bytes: UnsafeRawBufferPointer, release: @escaping (Int) -> Void, file: File, plan: CaseSources.ReadPlan, compile: () -> RuleSet,
        make: (RuleSet) -> C
    ) -> Part<C> {
        let (spec, schema, joiner, afterEnd) = (file.spec, file.schema, file.joiner, file.afterEnd)
        let (ruleSet, cores, labels, keepRaw) = (plan.ruleSet, plan.cores, plan.labels, plan.keepRaw)
        let layout = spec.layout ?? CaseFileReader.layout(of: bytes, mapping: spec.mapping)
        let workers = max(1, min(cores, 8))
        let segments = layout == .wide && workers > 1 && !keepRaw ? CaseFileReader.segments(bytes, count: workers * segmentsPerCore) : []
        if segments.count > 1 {
            let slots = segments.map { _ in Slot<C>() }
            let queue = WorkQueue(count: segments.count)
            let merger = PartMerger<C>(count: segments.count)
            // Each worker writes the slots of the segments the queue hands it.
            onEveryCore(min(workers, segments.count)) { worker in
                // Each worker evaluates with its own compiled rules (shared closures would make the
                // cores contend on the same reference counts), compiled while the first one reads;
                // compiling reads shared state only.
                let rules = worker == 0 ? ruleSet : compile()
                while let i = queue.next() {
                    let references = SubjectReferences(expected: (segments[i].end - segments[i].start) / 96)
                    slots[i].references = references
                    let options = StreamOptions(
                        labels: labels, progress: MappedFile.releaser(bytes, from: segments[i].start), segment: segments[i],
                        references: references, join: joiner.map(JoinPart.init), afterEnd: afterEnd)
                    var part = read(bytes, spec, schema: rules.schemas["case"] ?? schema, into: make(rules), options: options)
                    MappedFile.release(bytes, segments[i].start..<segments[i].end)
                    // The merger takes what the part counted; the slot keeps its diagnostics and joins.
                    let (accumulator, statistics) = (part.accumulator, part.statistics)
                    (part.accumulator, part.statistics) = (nil, nil)
                    merger.finished(i, accumulator: consume accumulator, statistics: consume statistics)
                    slots[i].part = part
                }
            }
            // A header that cannot be read fails every segment alike: report it once.
            let (accumulator, statistics) = merger.merged
            if statistics == nil { return slots[0].part }
            if !SubjectReferences.anyShared(slots.compactMap(\.references), in: bytes) {
                var merged = slots[0].part
                (merged.accumulator, merged.statistics) = (accumulator, statistics)
                slots[0].part = Part<C>()
                for slot in slots.dropFirst() {
                    merged.diagnostics.append(contentsOf: slot.part.diagnostics)
                    merged.joins += slot.part.joins
                    slot.part = Part<C>()
                }
                return merged
            }
        }
        let options = StreamOptions(keepRaw: keepRaw, labels: labels, progress: release, join: joiner.map(JoinPart.init), afterEnd: afterEnd)
        return read(bytes, spec, schema: schema, into: make(ruleSet), options: options)
    }

    private static func read<C: PartialConsumer>(
        _ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, schema: Schema, into consumer: C, options: StreamOptions
    ) -> Part<C> {
        var part = Part<C>()
        var accumulator = consumer
        part.statistics = CaseFileReader.read(bytes, spec, schema: schema, options: options, diagnostics: &part.diagnostics) {
            accumulator.add($0)
        }
        if part.statistics != nil { part.accumulator = accumulator }
        if let join = options.join { part.joins = [join] }
        return part
    }
}
