import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Reading a large file on several cores must give exactly what one sequential pass gives.
@Suite("Parallel check")
struct ParallelCheckTests {
    static func writeSynthetic(_ count: Int, extra: String = "") throws -> String {
        var generator = SyntheticCases(seed: 11, asOf: Fixtures.day("2026-01-15"))
        var text = ""
        generator.generate(count: count) { text += $0 }
        let path = NSTemporaryDirectory() + "sendcheck-parallel-\(UUID().uuidString).csv"
        try (text + extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func check(_ path: String, cores: Int) -> (String, [String]) {
        var engine = Engine(Engine.Inputs(rules: [Fixtures.path("rules")], cases: [path]))
        let result = engine.check(CheckOptions(asOf: Fixtures.day("2026-01-15"), listAll: true), cores: cores)
        let json = result.map { JSONReporter().render($0, context: ReportContext(toolVersion: "test")) } ?? ""
        return (json, engine.diagnostics.items.map(\.description))
    }

    @Test("several cores give the same report and diagnostics as one")
    func sameResult() throws {
        let path = try Self.writeSynthetic(6000, extra: "S9999999,bad-date,,,,,,,,,,,,,,,,,\n")
        let (one, d1) = Self.check(path, cores: 1)
        let (four, d4) = Self.check(path, cores: 4)
        #expect(one == four)
        #expect(d1 == d4)
        // The synthetic data also has events dated after a cease: warnings, the same on every core.
        #expect(d1.filter { $0.contains(": error: ") }.count == 1)
        #expect(d1.filter { $0.contains(": warning: ") && $0.contains("after the plan ceased") }.count > 10)
        #expect(one.contains("\"rows_read\": 6001"))
    }

    @Test("a reference repeated across segments is rejected as a sequential read rejects it")
    func repeatedAcrossSegments() throws {
        let path = try Self.writeSynthetic(6000, extra: "S0000001,2015-01-01,North,CW001,2025-11-03,,,,,,,,,,,,,,\n")
        let (one, d1) = Self.check(path, cores: 1)
        let (four, d4) = Self.check(path, cores: 4)
        #expect(one == four)
        #expect(d1 == d4)
        #expect(
            d1.filter { $0.contains(": error: ") } == [
                "\(path):6002:1: error: row rejected: case_id 'S0000001' appears on an earlier row of this file"
            ])
    }

    @Test("out-of-order references give the same rejections on several cores as on one")
    func repeatedOutOfOrder() throws {
        let path = try Self.writeSynthetic(6000)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        // Reverse a stretch across the middle (so two segments overlap in range), and repeat one row inside it.
        lines.replaceSubrange(2000..<4000, with: lines[2000..<4000].reversed())
        lines.insert(lines[3500], at: 3600)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let (one, d1) = Self.check(path, cores: 1)
        let (four, d4) = Self.check(path, cores: 4)
        #expect(one == four)
        #expect(d1 == d4)
        let errors = d1.filter { $0.contains(": error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains(":3601:1: error: row rejected: case_id") == true)
    }

    @Test("segments split at row boundaries, never inside a quoted line break, with the right line numbers")
    func segments() throws {
        var text = "case_id,team\n"
        for i in 0..<20000 { text += i % 7 == 0 ? "Q\(i),\"two\nlines\"\n" : "R\(i),North\n" }
        let bytes = Array(text.utf8)
        let parts = bytes.withUnsafeBytes { CaseFileReader.segments($0, count: 3) }
        #expect(parts.count == 3)
        #expect(parts.first?.start == 13)
        #expect(parts.last?.end == bytes.count)
        for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.end == b.start) }
        for part in parts {
            let prefix = String(decoding: bytes[..<part.start], as: UTF8.self)
            #expect(part.line == prefix.split(separator: "\n", omittingEmptySubsequences: false).count)
            #expect(bytes[part.start - 1] == UInt8(ascii: "\n"))
            #expect(prefix.filter { $0 == "\"" }.count % 2 == 0, "a segment starts inside quotes")
        }
    }

    @Test("a header problem in a large file is reported once, however many cores read it")
    func headerOnce() throws {
        let path = try Self.writeSynthetic(3000)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "case_id,", with: "reference,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, diagnostics) = Self.check(path, cores: 4)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("no 'case_id' column") == true)
    }
}

extension ParallelCheckTests {
    static func board(_ path: String, cores: Int) throws -> String {
        var engine = Engine(Engine.Inputs(rules: [Fixtures.path("rules")], cases: [path]))
        let made = engine.report(CheckOptions(asOf: Fixtures.day("2026-01-15")), compareTo: nil, toolVersion: "test", generated: "now", cores: cores)
        return BoardCSVRenderer.render(try #require(made?.report))
    }

    @Test("a team per case or two: several cores give the same board report as one (the parts' teams and labels merged as they finish)")
    func manyTeamsOnEveryCore() throws {
        let plain = try String(contentsOfFile: try Self.writeSynthetic(6000), encoding: .utf8)
        // The synthetic file's third column is the team: 2,500 teams, each met in several parts.
        let lines = plain.split(separator: "\n").enumerated().map { i, line -> String in
            guard i > 0 else { return String(line) }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[2] = "Team \(i % 2500)"
            return fields.joined(separator: ",")
        }
        let path = NSTemporaryDirectory() + "sendcheck-parallel-teams-\(UUID().uuidString).csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let one = try Self.board(path, cores: 1)
        #expect(one.contains(",Team 1,") && one.contains("timescale_teams,2026-01-15,,,,,,,teams,"))
        for cores in [2, 4, 8] { #expect(try Self.board(path, cores: cores) == one, "cores: \(cores)") }
    }
}
