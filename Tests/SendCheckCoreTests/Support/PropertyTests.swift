import Foundation
import SendCheckCore
import Testing

/// A small seeded generator (SplitMix64): the same seed gives the same inputs on every machine, so a
/// failure names a seed that reproduces it.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeded property runs over the parsers hostile input reaches: the CSV scanner and readers, the
/// XML reader, the expression parser and compiler. A short fuzz that runs in every `swift test`, so
/// a regression of a class of bad input fails CI (the long campaigns run with scripts/fuzz.sh).
@Suite("Properties over generated input")
struct PropertyTests {
    static let csvAlphabet: [UInt8] = Array("aZ09,\"\n\r -/:\t".utf8) + [0x00, 0x1B, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]

    static func bytes(_ g: inout SeededGenerator, from alphabet: [UInt8], count: Int) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
    }

    @Test("the case reader accounts for every row of random bytes, with located diagnostics", arguments: [1, 2, 3, 4] as [UInt64])
    func randomCSV(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let schema = Fixtures.statutory.schemas["case"]!
        for _ in 0..<400 {
            let header = Array("case_id,request_received,request_outcome,team\n".utf8)
            let body = Self.bytes(&g, from: Self.csvAlphabet, count: Int(g.next() % 400))
            let input = g.next() % 4 == 0 ? body : header + body
            var diagnostics = Diagnostics()
            var subjects = 0
            let stats = input.withUnsafeBytes {
                CaseFileReader.read($0, path: "p.csv", schema: schema, diagnostics: &diagnostics) { _ in subjects += 1 }
            }
            if let stats {
                #expect(stats.rowsRead == stats.rowsEvaluated + stats.rowsRejected, "seed \(seed)")
                #expect(stats.subjects == subjects)
            } else {
                #expect(diagnostics.hasErrors, "a file not read says why (seed \(seed))")
            }
            for d in diagnostics.shown {
                #expect(d.location.path == "p.csv" && d.location.line >= 1 && d.location.column >= 1)
                #expect(!d.description.contains("\n") && !d.description.contains("\u{1B}"))
            }
        }
    }

    @Test("a stray quote in valid data costs one row, never the rows after it", arguments: [13, 14] as [UInt64])
    func strayQuote(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let schema = Fixtures.statutory.schemas["case"]!
        for _ in 0..<100 {
            let count = Int(g.next() % 50 + 2)
            var lines = (0..<count).map { "C\($0),2024-0\(1 + Int(g.next() % 9))-1\(Int(g.next() % 9)),team\($0 % 3)" }
            let victim = Int(g.next() % UInt64(count))
            var fields = lines[victim].split(separator: ",").map(String.init)
            let quoted = 1 + Int(g.next() % 2)
            fields[quoted] = "\"" + fields[quoted]
            lines[victim] = fields.joined(separator: ",")
            let csv = "case_id,request_received,team\n" + lines.joined(separator: "\n") + "\n"
            var diagnostics = Diagnostics()
            let stats = Array(csv.utf8).withUnsafeBytes { CaseFileReader.read($0, path: "q.csv", schema: schema, diagnostics: &diagnostics) { _ in } }
            #expect(stats?.rowsEvaluated == count - 1, "seed \(seed): \(diagnostics.items)")
            #expect(stats?.rowsRejected == 1)
        }
    }

    @Test("quoted CSV written from random records reads back field for field", arguments: [5, 6] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = Array("ab,\"\n x".utf8)
        for _ in 0..<200 {
            let rows = (0..<Int(g.next() % 6 + 1)).map { _ in (0..<3).map { _ in Self.bytes(&g, from: alphabet, count: Int(g.next() % 8)) } }
            var csv: [UInt8] = []
            for row in rows {
                csv += row.map { field in [0x22] + field.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22] }.joined(separator: [0x2C]) + [0x0A]
            }
            let read: [[[UInt8]]] = csv.withUnsafeBytes { raw in
                var s = CSVScanner(raw)
                var out: [[[UInt8]]] = []
                var fields: [CSVScanner.Field] = []
                while let _ = try? s.nextRow(into: &fields) { out.append(fields.map { f in s.withField(f) { Array($0) } }) }
                return out
            }
            #expect(read == rows, "seed \(seed)")
        }
    }

    @Test("the XML reader survives cuts, deletions and insertions in a real return", arguments: [7, 8, 9] as [UInt64])
    func mutatedSEN2(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let whole = Array(try String(contentsOfFile: Fixtures.path("examples/sen2/sen2-2026-sample.xml"), encoding: .utf8).utf8)
        let pieces: [[UInt8]] = ["<", ">", "</", "<Person>", "</Person>", "<!--", "]]>", "&", "\"", "\n", "\0"].map { Array($0.utf8) }
        for _ in 0..<150 {
            var mutated = whole
            for _ in 0..<Int(g.next() % 4 + 1) {
                let at = Int(g.next() % UInt64(mutated.count))
                switch g.next() % 3 {
                case 0: mutated.removeSubrange(at..<min(mutated.count, at + Int(g.next() % 200)))
                case 1: mutated.insert(contentsOf: pieces[Int(g.next() % UInt64(pieces.count))], at: at)
                default: mutated.removeSubrange(at...)
                }
                if mutated.isEmpty { mutated = [0x3C] }
            }
            var diagnostics = Diagnostics()
            let reader = SEN2XMLReader(path: "m.xml")
            let summary = mutated.withUnsafeBytes { reader.read($0, diagnostics: &diagnostics) { _, _ in } }
            let lines = mutated.count { $0 == 0x0A } + 1
            for d in diagnostics.shown {
                #expect(d.location.line >= 1 && d.location.line <= lines, "seed \(seed): \(d)")
            }
            #expect(summary.persons <= 200)
        }
    }

    @Test("random expressions compile or fail with a located error; compiled ones evaluate", arguments: [10, 11, 12] as [UInt64])
    func randomExpressions(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let schema = Fixtures.statutory.schemas["case"]!
        let compiler = ExpressionCompiler(schema: schema, calendar: Fixtures.statutory.calendar, variables: [.asOf, .start, .due])
        let atoms = [
            "plan_start", "last_review", "transfer_year", "request_outcome", "'assess'", "2024-03-15", "6 weeks", "12 months", "3 working days", "1",
            "as_of", "start", "due", "true", "latest(plan_start, last_review)", "present(cease_date)",
        ]
        let joins = [" and ", " or ", " + ", " - ", " == ", " < ", " >= ", " in ", ", ", " not in "]
        func expression(_ depth: Int) -> String {
            if depth > 8 || g.next() % 3 == 0 { return atoms[Int(g.next() % UInt64(atoms.count))] }
            switch g.next() % 6 {
            case 0: return "(" + expression(depth + 1) + ")"
            case 1: return "not " + expression(depth + 1)
            case 2: return "when(" + expression(depth + 1) + ", " + expression(depth + 1) + ")"
            case 3: return "[" + expression(depth + 1) + "]"
            default: return expression(depth + 1) + joins[Int(g.next() % UInt64(joins.count))] + expression(depth + 1)
            }
        }
        var values = [Value](repeating: .missing, count: schema.fields.count)
        for _ in 0..<600 {
            // Now and then, nesting far past the limit (a stack overflow before the limit existed).
            let text =
                g.next() % 20 == 0
                ? String(repeating: g.next() % 2 == 0 ? "(" : "not ", count: 5000 + Int(g.next() % 25000)) + expression(0) : expression(0)
            for slot in values.indices {
                switch g.next() % 4 {
                case 0: values[slot] = .missing
                case 1: values[slot] = .invalid
                case 2: values[slot] = .date(Fixtures.day("2024-01-01").adding(days: Int(g.next() % 900)))
                default: values[slot] = .int(Int(g.next() % 3000))
                }
            }
            switch compiler.compile(text) {
            case .failure(let f):
                #expect(f.offset >= 0 && f.offset <= text.count, "seed \(seed): \(text)")
                #expect(!f.message.isEmpty)
            case .success(let typed):
                _ = values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Fixtures.day("2025-01-01"))) }
                _ = compiler.requirement(text)
            }
        }
    }
}
