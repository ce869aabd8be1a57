import Foundation
import SendCheckCore
import Synchronization

/// Reads SEN2 returns for the engine: an XML file, or a folder holding a COLLECT Blade CSV export.
public enum SEN2Returns {
    /// The environment variable that holds the pseudonymisation key (preferred to the configuration).
    public static let keyVariable = "SENDCHECK_SEN2_KEY"

    /// The key of the pseudonymous references, or nil with a diagnostic saying how to set one.
    public static func key(_ settings: SEN2Settings, for path: String, diagnostics: inout Diagnostics) -> String? {
        let fromEnvironment = ProcessInfo.processInfo.environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        let key = fromEnvironment ?? settings.key
        guard let key else {
            diagnostics.error(
                SourceLocation(path: path, line: 1, column: 1),
                "a SEN2 return needs a key for pseudonymous person references: set \(keyVariable) or 'sen2: {key: ...}' in sendcheck.yaml")
            return nil
        }
        // White space does not count: a key of spaces is as guessable as none.
        guard key.filter({ !$0.isWhitespace }).count >= SEN2Pseudonym.minimumKeyLength else {
            diagnostics.error(
                (fromEnvironment == nil ? settings.keyLocation : nil) ?? SourceLocation(path: path, line: 1, column: 1),
                "the SEN2 key\(fromEnvironment == nil ? "" : " in \(keyVariable)") is too short: use at least \(SEN2Pseudonym.minimumKeyLength) characters, so references cannot be recomputed from UPNs"
            )
            return nil
        }
        return key
    }

    /// The header of a return (its year and reference date), read from the top of an XML file or
    /// from the metadata module of a Blade export.
    public static func header(_ path: String, settings: SEN2Settings) -> SEN2Header? {
        var ignored = Diagnostics()
        if isFolder(path) {
            return withBlade(path, settings: settings, diagnostics: &ignored) { reader, files in
                var d = Diagnostics()
                return reader.read(files, diagnostics: &d) { _, _ in }.header
            }
        }
        return try? MappedFile.with(path) { bytes, _ in SEN2XMLReader.header(bytes, path: path) }.get()
    }

    /// Maps the persons of one part of a return and hands their subjects to a consumer.
    private struct PartReader<C: SubjectConsumer> {
        let path: String
        let schema: Schema
        let pseudonym: SEN2Pseudonym
        var files: [SEN2Name: String] = [:]
        var consumer: C
        /// The mapping for the header read so far, and the subject it fills for each request.
        var mapping: SEN2Mapping?
        var subject: Subject?
        var stats: ReadStatistics
        /// Problems found while mapping (merged with the reader's, in file order, at the end).
        var mapped = Diagnostics()
        var persons = SEN2PersonIndex()

        init(path: String, schema: Schema, pseudonym: SEN2Pseudonym, consumer: C) {
            self.path = path
            self.schema = schema
            self.pseudonym = pseudonym
            self.consumer = consumer
            stats = ReadStatistics(path: path)
        }

        mutating func person(_ header: SEN2Header, _ person: SEN2Person) {
            if mapping?.serves(header) != true {
                mapping = SEN2Mapping(path: path, schema: schema, header: header, pseudonym: pseudonym, files: files)
                subject = mapping?.subject()
                if let mapping, stats.recorded.isEmpty { stats.recorded = mapping.recorded.names(in: schema) }
            }
            // Taken out and put back, so the subject's storage stays unique and is reused.
            guard let mapping, var subject = subject.take() else { return }
            let result = mapping.map(person, into: &subject, diagnostics: &mapped) { consumer.add($0) }
            self.subject = consume subject
            result.count(into: &stats)
            if let reference = result.reference { persons.add(reference, line: Int(person.blocks[0].line)) }
        }
    }

    /// One worker's reader, filled on a worker thread and read after the join.
    private final class Slot<C: SubjectConsumer>: @unchecked Sendable {
        var reader: PartReader<C>?
        var diagnostics = Diagnostics()
        init(_ reader: PartReader<C>? = nil) { self.reader = reader }
    }

    /// What one segment's count and read found, filled by whichever worker took it.
    private final class SegmentResult: @unchecked Sendable {
        /// The segment's line breaks (-1 until counted), published before it is read.
        let lineBreaks = Atomic<Int>(-1)
        var summary = SEN2XMLReader.Summary()

        /// The line breaks, once counted (waiting for the core that took the segment, if need be:
        /// it counts before anything else, so the wait is short and cannot deadlock).
        func counted() -> Int {
            while true {
                let n = lineBreaks.load(ordering: .acquiring)
                if n >= 0 { return n }
                sched_yield()
            }
        }
    }

    /// Segments per core, at least: a core that finishes early takes the next, so the cores end together.
    static let segmentsPerCore = 16
    /// Segments are at most about this size: a segment's pages are all mapped while it is read.
    static let segmentBytes = 8 << 20

    /// Reads a return, handing each request's subject to a consumer made by `make` (one per core: a
    /// large XML return is read on `cores` cores, in segments that begin at a `<Person>`, and `make`
    /// is called on each core's own thread, so it must only read shared state). Returns the counts
    /// and the consumers (each holds the subjects of the segments its core read, in any order); nil
    /// when nothing could be read.
    public static func read<C: SubjectConsumer>(
        _ path: String, schema: Schema, settings: SEN2Settings, key: String, cores: Int = 1, diagnostics: inout Diagnostics,
        make: (Int) -> C
    ) -> (ReadStatistics, [C])? {
        let pseudonym = SEN2Pseudonym(key: key)
        var found = Diagnostics()
        if isFolder(path) {
            return readFolder(path, schema: schema, settings: settings, pseudonym: pseudonym, diagnostics: &diagnostics, make: make)
        }
        let reader = SEN2XMLReader(path: path, personID: settings.personID)
        let outcome: Result<(ReadStatistics, [C], SEN2Header)?, InputProblem> = MappedFile.with(path) {
            bytes, release -> (ReadStatistics, [C], SEN2Header)? in
            if let problem = SEN2XMLReader.encodingProblem(bytes) {
                found.error(SourceLocation(path: path, line: 1, column: 1), problem)
                return nil
            }
            // The header first (the segments after the first do not see it), from the bytes already mapped.
            let header = SEN2XMLReader.header(bytes, path: path)
            let workers = max(1, min(cores, 8))
            let count = max(workers * segmentsPerCore, bytes.count / segmentBytes)
            let segments = workers > 1 ? SEN2XMLReader.segments(bytes, count: count, header: header) : []
            func part(_ i: Int) -> PartReader<C> { PartReader(path: path, schema: schema, pseudonym: pseudonym, consumer: make(i)) }
            func whole() -> ([Slot<C>], [SEN2XMLReader.Summary]) {
                let slot = Slot(part(0))
                let summary = reader.read(bytes, progress: release, diagnostics: &slot.diagnostics) { slot.reader!.person($0, $1) }
                return ([slot], [summary])
            }
            var slots: [Slot<C>]
            var summaries: [SEN2XMLReader.Summary]
            if segments.isEmpty {
                (slots, summaries) = whole()
            } else {
                (slots, summaries) = readSegments(bytes, segments, workers: workers, reader: reader, part: part)
                // A segment that met anything irregular may have been split in a bad place (a <Person>
                // inside a comment, an unclosed element): read the file again on one core, so the
                // result is exactly what a sequential read gives.
                if summaries.contains(where: { !$0.clean }) { (slots, summaries) = whole() }
            }
            return gather(slots, summaries, reader: reader, path: path, into: &found)
        }
        let read: (ReadStatistics, [C], SEN2Header)?
        switch outcome {
        case .failure(let problem):
            // What was read from a file that could not be read, or changed meanwhile, is not reported.
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem.message)
            return nil
        case .success(let r): read = r
        }
        guard let (stats, consumers, header) = read else {
            diagnostics.append(contentsOf: found.sorted)
            return nil
        }
        report(header, path: path, diagnostics: &found)
        diagnostics.append(contentsOf: found.sorted)
        return (stats, consumers)
    }

    /// A Blade export folder: its module files read as one return, on one core.
    private static func readFolder<C: SubjectConsumer>(
        _ path: String, schema: Schema, settings: SEN2Settings, pseudonym: SEN2Pseudonym, diagnostics: inout Diagnostics,
        make: (Int) -> C
    ) -> (ReadStatistics, [C])? {
        var found = Diagnostics()
        var part = PartReader(path: path, schema: schema, pseudonym: pseudonym, consumer: make(0))
        var read = Diagnostics()
        var blade = SEN2BladeReader.Summary()
        let header = withBlade(path, settings: settings, diagnostics: &found) { reader, modules in
            part.files = SEN2BladeReader.blockPaths(modules)
            blade = reader.read(modules, diagnostics: &read) { part.person($0, $1) }
            return blade.header
        }
        found.append(contentsOf: read)
        guard let header else {
            diagnostics.append(contentsOf: found.sorted)
            return nil
        }
        report(header, path: path, diagnostics: &found)
        found.append(contentsOf: part.mapped)
        Self.reportRepeats(part.persons, path: part.files[.person] ?? path, into: &found)
        // Rows the Blade reader rejected or could not place count as read and rejected.
        part.stats.rowsRead += blade.rejected + blade.orphans
        part.stats.rowsRejected += blade.rejected + blade.orphans
        diagnostics.append(contentsOf: found.sorted)
        guard blade.persons > 0 || !read.hasErrors else { return nil }
        return (part.stats, [part.consumer])
    }

    /// Reads the segments of an XML return on `workers` cores, each with its own part (and consumer).
    private static func readSegments<C: SubjectConsumer>(
        _ bytes: UnsafeRawBufferPointer, _ segments: [SEN2XMLReader.Segment], workers: Int, reader: SEN2XMLReader,
        part: (Int) -> PartReader<C>
    ) -> ([Slot<C>], [SEN2XMLReader.Summary]) {
        let slots = (0..<workers).map { _ in Slot<C>() }
        let results = segments.map { _ in SegmentResult() }
        let reading = WorkQueue(count: segments.count)
        // Each worker writes its own slot, and the results of the segments the queue hands it.
        onEveryCore(workers) { worker in
            // Each worker maps with its own consumer (its own compiled rules: shared closures
            // would make the cores contend on the same reference counts).
            let slot = slots[worker]
            slot.reader = part(worker)
            while let i = reading.next() {
                // A segment's first line follows from the line breaks before it. Each core
                // counts a segment's breaks as it takes it (mapping the pages it is about
                // to read anyway), so a segment read in any order has its true lines.
                var segment = segments[i]
                let breaks = SEN2XMLReader.lineBreaks(in: UnsafeRawBufferPointer(rebasing: bytes[segment.start..<segment.end]))
                results[i].lineBreaks.store(breaks, ordering: .releasing)
                segment.line = 1 + (0..<i).reduce(0) { $0 + results[$1].counted() }
                let release = MappedFile.releaser(bytes, from: segment.start)
                results[i].summary = reader.read(bytes, segment: segment, progress: release, diagnostics: &slot.diagnostics) {
                    slot.reader!.person($0, $1)
                }
                MappedFile.release(bytes, segment.start..<segment.end)
            }
            // This core's persons, sorted here in parallel: merging them afterwards is linear.
            slot.reader!.persons.sort()
        }
        return (slots, results.map(\.summary))
    }

    /// The parts' persons, counts and diagnostics put together; a return cut short is an error. Nil
    /// when nothing was read and there is an error (not a usable return).
    private static func gather<C: SubjectConsumer>(
        _ slots: [Slot<C>], _ summaries: [SEN2XMLReader.Summary], reader: SEN2XMLReader, path: String, into found: inout Diagnostics
    ) -> (ReadStatistics, [C], SEN2Header)? {
        var stats = ReadStatistics(path: path)
        var persons = SEN2PersonIndex()
        for slot in slots where slot.reader != nil {
            persons.absorb(slot.reader!.persons)
            slot.reader!.persons = SEN2PersonIndex()
            stats.add(slot.reader!.stats)
            found.append(contentsOf: slot.diagnostics)
            found.append(contentsOf: slot.reader!.mapped)
        }
        for summary in summaries {
            stats.rowsRead += summary.requestsLost
            stats.rowsRejected += summary.requestsLost
            if summary.stoppedEarly { stats.incomplete = true }
        }
        if let (at, message) = reader.cutShort(summaries) {
            found.error(at, message)
            stats.incomplete = true
        }
        Self.reportRepeats(consume persons, path: path, into: &found)
        // Nothing read and an error: not a usable return (not SEN2, or broken before its first person).
        if summaries.allSatisfy({ $0.persons == 0 }), found.hasErrors { return nil }
        return (stats, slots.compactMap(\.reader?.consumer), summaries[0].header)
    }

    /// Reads the module files of a Blade export folder and passes them to `body`.
    private static func withBlade<R>(
        _ folder: String, settings: SEN2Settings, diagnostics: inout Diagnostics, _ body: (SEN2BladeReader, [SEN2Name: SEN2BladeReader.File]) -> R
    ) -> R? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var buffers: [(SEN2Name, String, UnsafeMutableRawBufferPointer)] = []
        defer { for (_, _, b) in buffers { b.deallocate() } }
        for name in names.sorted() where name.lowercased().hasSuffix(".csv") {
            guard let module = SEN2BladeReader.module(ofFileNamed: name) else { continue }
            let path = FileSource.resolve(name, against: folder)
            let data: [UInt8]
            switch InputFile.readAll(path, limit: Int.max) {
            case .success(let bytes): data = bytes
            case .failure(let problem):
                diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem.message)
                continue
            }
            if let other = buffers.first(where: { $0.0 == module }) {
                diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "a second file of the same module as \(other.1): not read")
                continue
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 8)
            data.withUnsafeBytes { buffer.copyMemory(from: $0) }
            buffers.append((module, path, buffer))
        }
        guard !buffers.isEmpty else {
            diagnostics.error(
                SourceLocation(path: folder, line: 1, column: 1), "no Blade export here: expected files such as Blade-Export_07-03-2025_person.csv")
            return nil
        }
        var files: [SEN2Name: SEN2BladeReader.File] = [:]
        for (module, path, buffer) in buffers { files[module] = SEN2BladeReader.File(path: path, bytes: UnsafeRawBufferPointer(buffer)) }
        return body(SEN2BladeReader(personID: settings.personID), files)
    }

    /// Warns about each person given the same reference as an earlier one.
    private static func reportRepeats(_ persons: consuming SEN2PersonIndex, path: String, into diagnostics: inout Diagnostics) {
        for (line, first) in persons.repeats() {
            diagnostics.warning(
                SourceLocation(path: path, line: line, column: 1),
                "this person has the same reference as the person at line \(first) (same UPN, ULN or person id): their requests are checked apart")
        }
    }

    private static func report(_ header: SEN2Header, path: String, diagnostics: inout Diagnostics) {
        for (at, message) in header.problems { diagnostics.error(at, message) }
        if header.year == nil {
            diagnostics.warning(
                header.location ?? SourceLocation(path: path, line: 1, column: 1), "the return has no Year: read as the 2025 layout")
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
