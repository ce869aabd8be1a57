import Foundation
import Testing

/// The house's habit for functions (house.md, docs/architecture.md): at most 60 lines from the
/// declaration to the closing brace, at most 6 parameters and no run of more than 3 unlabelled ones.
/// Every function of `Sources` past a limit is named in `allowed` with the most it may reach and why;
/// a new long function fails, an allowed one that grows fails, and one that shrinks under the limits
/// fails until its allowance is taken out, so the list stays true.
@Suite("Architecture: function shapes")
struct FunctionShapeTests {
    static let maxLines = 60
    static let maxParameters = 6
    static let maxUnlabelledRun = 3

    /// An exception to the limits: the most lines and parameters it may reach, and why.
    struct Allowance {
        var lines = maxLines
        var parameters = maxParameters
        var unlabelledRun = maxUnlabelledRun
        var why: String
    }

    /// By `Folder/File.swift#name` under `Sources/` (every function of that name in the file).
    static let allowed: [String: Allowance] = [
        // The byte scanners: one loop over the bytes, its cursor and state in locals. The national
        // check's time is mostly spent here (docs/performance.md); a split would pass the cursor through
        // calls in the innermost loop, and none was measured.
        "SendCheckCore/CaseData/CSVScanner.swift#nextRow": Allowance(
            lines: 75, why: "the CSV state machine: one loop over a row's bytes, the hottest loop of every check"),
        "SendCheckCore/XML/XMLScanner.swift#next": Allowance(
            lines: 75, why: "the XML tokenizer's state machine: one switch over the byte that starts each construct"),
        "SendCheckCore/Hashing/KeyedHash.swift#round": Allowance(
            parameters: 9, unlabelledRun: 9,
            why: "SHA-256's round over its eight working variables a to h and the round's word, named and ordered as in FIPS 180-4"),
        // Per-row and per-clock steps of the hot paths that take the caller's non-escaping callbacks:
        // a struct cannot hold them, and each row or stretch would otherwise copy its context.
        "SendCheckCore/Evaluation/TimeTravel.swift#run": Allowance(
            parameters: 8,
            why: "one stretch of dates of one rule: the subject, rule, its flags and mask, the stretch, the scratch, and the two callbacks"),
        "SendCheckCore/Evaluation/TimeTravel.swift#applying": Allowance(
            parameters: 7, why: "as run, for a rule whose applies reads the as-of date"),
        "SendCheckCore/Evaluation/TimeTravel.swift#evaluate": Allowance(
            parameters: 7, why: "the public evaluate takes 5; the private one per stretch takes run's inputs and the two callbacks"),
        "SendCheckCore/Evaluation/TimeTravel.swift#emit": Allowance(
            parameters: 7,
            why: "a finding handed on for each date of a stretch: the finding, its rule, the dates, the last date, the scratch and the two callbacks"),
        "SendCheckCore/CaseData/RowFiller.swift#fill": Allowance(
            parameters: 7, why: "per row: the values filled, the row's cells, line, reference and scanner, and the two counters it writes"),
        "SendCheckCore/CaseData/RowFiller.swift#choose": Allowance(parameters: 7, why: "as fill, for the fields fed by several columns"),
        "SendCheckCore/CaseData/RowFiller.swift#report": Allowance(
            parameters: 8, why: "a cell that cannot be read: its parser and cell, where it is, the reference, and the two counters"),
        "SendCheckCore/CaseData/SubjectJoiner.swift#settle": Allowance(
            parameters: 7,
            why: "per joined value: the subject and the value's holder (both written), the entry, its origin and rank, and the two counters"),
        // Public entry points whose inputs are labelled and mostly defaulted.
        "SendCheckCore/CaseData/CaseFileReader.swift#read": Allowance(
            parameters: 12, why: "a facade for tests and library users: every option defaulted, passed on as CaseFileSpec and StreamOptions"),
        "SendCheckCore/CaseData/CaseFileReader.swift#index": Allowance(
            parameters: 8, why: "the index reader's entry point: the bytes and spec, then labelled options with defaults, the index and diagnostics"),
        "SendCheckRuntime/Engine+Report.swift#report": Allowance(
            parameters: 7, why: "the report command's one call: the options and dates, then labelled settings with defaults"),
        "SendCheckRuntime/SEN2Returns.swift#read": Allowance(
            parameters: 7, why: "a return's path, schema, settings and key, the cores, the diagnostics and the consumer factory, each labelled"),
        "SendCheckRuntime/CaseSources.swift#readStreamed": Allowance(
            parameters: 7,
            why: "the streamed source, its joins and plan, the outcome written, and the compile and make callbacks, which cannot be stored"),
        "SendCheckAlerts/SMTP/SMTPConnection.swift#open": Allowance(
            parameters: 7, why: "a connection's host, port, TLS, name, two timeouts and event loop group, each labelled"),
        "SendCheckCore/CaseData/ColumnPlan.swift#index": Allowance(
            parameters: 8,
            why: "a mapped header looked up among the file's: what is mapped (header, field, shared, where) and the file's headers, each labelled"),
        // Rows of a table: each column a labelled parameter with a default, so a row names its values.
        "SendCheckCore/Reporting/Board/BoardCSVRenderer.swift#callAsFunction": Allowance(
            parameters: 10, why: "a row of the board CSV: its section and nine labelled, defaulted columns"),
        "SendCheckCore/Reporting/Board/BoardAppendix.swift#row": Allowance(
            parameters: 7, why: "a row of the appendix CSV: its section and six labelled columns"),
    ]

    /// `Folder/File.swift#name` and the function, for every function of the sources.
    static func sourceFunctions() throws -> [(key: String, function: FunctionShapes.Function)] {
        let root = Fixtures.path("Sources")
        var out: [(String, FunctionShapes.Function)] = []
        for folder in ["SendCheckCore", "SendCheckRuntime", "SendCheckAlerts", "sendcheck"] {
            for path in PurityTests.swiftFiles("Sources/\(folder)") {
                let file = String(path.dropFirst(root.count + 1))
                let text = try String(contentsOfFile: path, encoding: .utf8)
                out += FunctionShapes.functions(in: text).map { ("\(file)#\($0.name)", $0) }
            }
        }
        return out
    }

    static func overLimits(_ f: FunctionShapes.Function) -> Bool {
        // An initializer whose parameters are all labelled sets a record's fields; its count is the record's.
        let parameters = f.name == "init" && f.allLabelled ? 0 : f.parameters
        return f.lines > maxLines || parameters > maxParameters || f.unlabelledRun > maxUnlabelledRun
    }

    @Test("every function is within 60 lines, 6 parameters and 3 unlabelled in a row, or allowed with a reason it keeps to")
    func withinLimits() throws {
        let functions = try Self.sourceFunctions()
        #expect(functions.count > 500, "the reader finds the functions it should (\(functions.count))")
        for (key, f) in functions where Self.overLimits(f) {
            let place = "\(key) (line \(f.line)): \(f.lines) lines, \(f.parameters) parameters, \(f.unlabelledRun) unlabelled in a row"
            guard let a = Self.allowed[key] else {
                Issue.record("\(place): split it, or add it to FunctionShapeTests.allowed with why")
                continue
            }
            let parameters = f.name == "init" && f.allLabelled ? 0 : f.parameters
            #expect(f.lines <= a.lines && parameters <= a.parameters && f.unlabelledRun <= a.unlabelledRun, "\(place): past its allowance")
        }
        let over = Set(functions.filter { Self.overLimits($0.function) }.map(\.key))
        for key in Self.allowed.keys.sorted() where !over.contains(key) {
            Issue.record("\(key) is within the limits now: take it out of FunctionShapeTests.allowed")
        }
    }

    @Test("the reader measures lines, parameters and unlabelled runs, and is not misled by comments or strings")
    func readerMeasures() {
        let body = (1...60).map { "        let x\($0) = \"}{)(\" // } {\n" }.joined()
        let text = """
            /// A doc comment with func fake( and a brace {
            struct S {
                @inline(__always)
                private static func long<T: Equatable>(_ a: Int, _ b: [Int: (Int, Int)], _ c: T, d: (Int) -> Void, e: Int = 1, f: String = "(,)", g: Int) -> Int {
            \(body)        return 0
                }
                init(a: Int, b: Int) { self.a = a }
                func short(
                    _ x: Int
                ) -> Int where Int: Equatable {
                    "\\(x + (1))" == "" ? 1 : 2
                }
            }
            protocol P {
                func required(_ a: Int) -> Int
                var v: Int { get }
            }
            """
        let found = FunctionShapes.functions(in: text)
        #expect(found.map(\.name) == ["long", "init", "short"])
        #expect(found.first?.lines == 63)
        #expect(found.first?.parameters == 7)
        #expect(found.first?.unlabelledRun == 3)
        #expect(found.dropFirst().first?.allLabelled == true)
        #expect(found.last?.lines == 5 && found.last?.parameters == 1)
        #expect(Self.overLimits(found[0]) && !Self.overLimits(found[1]) && !Self.overLimits(found[2]))
    }
}
