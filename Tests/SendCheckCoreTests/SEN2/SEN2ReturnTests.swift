import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// A whole return through the core and the runtime: golden reports, the Blade export of the same
/// data, and the parts read on several cores.
@Suite("SEN2 returns end to end")
struct SEN2ReturnTests {
    @Test("the sample return's check report (text and JSON) matches its golden files")
    func goldenCheck() {
        let result = SEN2Fixtures.check(SEN2Fixtures.sample, listAll: false)
        let context = ReportContext(toolVersion: "test")
        Golden.assert(TextReporter().render(result, context: context), "sen2-check.txt")
        Golden.assert(JSONReporter().render(result, context: context), "sen2-check.json")
    }

    @Test("the sample return's measures (text and JSON) match their golden files")
    func goldenMeasures() {
        var measures = SEN2Measures(ruleSet: Fixtures.statutory, year: 2025, asOf: Fixtures.day("2026-01-15"))
        let (subjects, stats, _) = SEN2Fixtures.read(SEN2Fixtures.sample)
        subjects.forEach { measures.add($0) }
        let report = SEN2MeasuresReport(year: 2025, asOf: Fixtures.day("2026-01-15"), returns: [stats], lea: "999", measures: measures.measures)
        Golden.assert(report.text(), "sen2-measures.txt")
        Golden.assert(report.json(toolVersion: "test"), "sen2-measures.json")
    }

    @Test("a Blade export of a return gives the same subjects as its XML")
    func bladeRoundTrip() throws {
        var generator = SyntheticSEN2(seed: 21, year: 2025)
        var xml = ""
        generator.generate(count: 300) { xml += $0 }
        let fromXML = SEN2Fixtures.read(xml)
        #expect(fromXML.diagnostics == [])
        let (header, persons, _) = SEN2Fixtures.blocks(xml)
        var writer = SEN2BladeWriter()
        persons.forEach { writer.add(person: $0) }
        let files = writer.files(exported: Fixtures.day("2025-03-07"), header: header)
        #expect(files.map(\.name).contains("Blade-Export_07-03-2025_requests.csv"))
        #expect(files.first { $0.name.hasSuffix("_requests.csv") }?.text.contains("-Jan-") == true)
        // Keep every file's bytes alive while the reader runs.
        let buffers = files.map { Array($0.text.utf8) }
        var subjects: [Subject] = []
        var diagnostics = Diagnostics()
        var mapped = Diagnostics()
        func read(_ i: Int, _ modules: [SEN2Name: SEN2BladeReader.File]) {
            guard i < buffers.count else {
                _ = SEN2BladeReader().read(modules, diagnostics: &diagnostics) { h, p in
                    let m = SEN2Mapping(
                        path: "blade", schema: Fixtures.statutory.schemas["case"]!, header: h, pseudonym: SEN2Pseudonym(key: SEN2Fixtures.key))
                    subjects += m.map(p, diagnostics: &mapped).subjects
                }
                return
            }
            buffers[i].withUnsafeBytes { raw in
                var next = modules
                if let module = SEN2BladeReader.module(ofFileNamed: files[i].name) {
                    next[module] = SEN2BladeReader.File(path: files[i].name, bytes: raw)
                }
                read(i + 1, next)
            }
        }
        read(0, [:])
        #expect(diagnostics.items.map(\.description) == [])
        #expect(mapped.items.map(\.description) == [])
        #expect(subjects.map(\.id) == fromXML.subjects.map(\.id))
        #expect(subjects.map(\.values) == fromXML.subjects.map(\.values))
        #expect(subjects.count > 300)
    }

    @Test("a large return read on several cores gives the report and diagnostics one core gives")
    func parallel() throws {
        let folder = NSTemporaryDirectory() + "sendcheck-sen2-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var generator = SyntheticSEN2(seed: 8, year: 2026)
        var xml = ""
        generator.generate(count: 2500) { xml += $0 }
        // A data-quality problem in the second half, to show diagnostics stay in order.
        xml = xml.replacingOccurrences(
            of: "<Forename>Person2400</Forename>", with: "<Forename>Person2400</Forename><PersonBirthDate>2020-13-01</PersonBirthDate>")
        // The fifth person again at the end: the same reference, so findings tie on reference and
        // start, in segments that different cores read; their order must not depend on which core.
        let fifth = try #require(xml.range(of: "<Forename>Person5</Forename>"))
        let open = try #require(xml.range(of: "<Person>", options: .backwards, range: xml.startIndex..<fifth.lowerBound))
        let close = try #require(xml.range(of: "</Person>", range: fifth.upperBound..<xml.endIndex))
        xml = xml.replacingOccurrences(of: "</Persons>", with: xml[open.lowerBound..<close.upperBound] + "\n</Persons>")
        try xml.write(toFile: folder + "/r.xml", atomically: true, encoding: .utf8)
        try "version: 1\nrules: [\(Fixtures.path("rules"))]\nsen2:\n  returns: [r.xml]\n  key: \(SEN2Fixtures.key)\n"
            .write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        func run(_ cores: Int) -> (String, [String]) {
            var engine = Engine(Engine.Inputs(configPath: folder + "/sendcheck.yaml"))
            let result = engine.check(CheckOptions(asOf: Fixtures.day("2026-01-15"), listAll: true), cores: cores)
            return (
                result.map { JSONReporter().render($0, context: ReportContext(toolVersion: "test")) } ?? "",
                engine.diagnostics.items.map(\.description)
            )
        }
        let (one, d1) = run(1)
        let (two, d2) = run(2)
        let (four, d4) = run(4)
        #expect(one == two && one == four)
        #expect(d1 == d2 && d1 == d4)
        #expect(d1.count == 2 && d1.first?.contains("PersonBirthDate is not a valid date") == true)
        #expect(d1.last?.contains("this person has the same reference as the person at line") == true)
        #expect(one.contains("\"rows_rejected\": 0"))
        #expect(!one.isEmpty)

        // A <Person> inside a comment before every person: any split lands on one, and the parts
        // are then read again on one core, so the report is still exactly one core's.
        try xml.replacingOccurrences(of: "    <Person>", with: "    <!-- <Person> -->\n    <Person>")
            .write(toFile: folder + "/r.xml", atomically: true, encoding: .utf8)
        let (commented, dc1) = run(1)
        let (commentedTwo, dc2) = run(2)
        #expect(commented == commentedTwo && dc1 == dc2)
        #expect(commented.contains("\"rows_read\": \(one.split(separator: "rows_read\": ")[1].prefix { $0.isNumber })"))
    }
}
