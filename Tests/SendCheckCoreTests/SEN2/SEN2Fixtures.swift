import Foundation
import SendCheckCore
import Testing

/// Reads SEN2 XML text through the pure core, as the runtime does, for the SEN2 tests.
enum SEN2Fixtures {
    static let key = "test-key-not-a-secret-0001"

    /// The return's persons as blocks, with the reader's diagnostics.
    static func blocks(_ xml: String, path: String = "sen2.xml") -> (header: SEN2Header, persons: [SEN2Block], diagnostics: [String]) {
        var diagnostics = Diagnostics()
        var persons: [SEN2Block] = []
        var header = SEN2Header()
        let bytes = Array(xml.utf8)
        let summary = bytes.withUnsafeBytes { raw in
            SEN2XMLReader(path: path).read(raw, diagnostics: &diagnostics) { h, p in
                header = h
                persons.append(p.tree)
            }
        }
        if persons.isEmpty { header = summary.header }
        return (header, persons, diagnostics.items.map(\.description))
    }

    /// Subjects mapped from the return, with every diagnostic (reader's and mapping's) in file order.
    static func read(_ xml: String, path: String = "sen2.xml", ruleSet: RuleSet = Fixtures.statutory) -> (
        subjects: [Subject], stats: ReadStatistics, diagnostics: [String]
    ) {
        var diagnostics = Diagnostics()
        var subjects: [Subject] = []
        var stats = ReadStatistics(path: path)
        let bytes = Array(xml.utf8)
        var mapping: SEN2Mapping?
        var mapped = Diagnostics()
        _ = bytes.withUnsafeBytes { raw in
            SEN2XMLReader(path: path).read(raw, diagnostics: &diagnostics) { header, person in
                let m = mapping ?? SEN2Mapping(path: path, schema: ruleSet.schemas["case"]!, header: header, pseudonym: SEN2Pseudonym(key: key))
                mapping = m
                let (r, mappedSubjects) = m.map(person, diagnostics: &mapped)
                r.count(into: &stats)
                subjects += mappedSubjects
            }
        }
        diagnostics.append(contentsOf: mapped)
        return (subjects, stats, diagnostics.sorted.map(\.description))
    }

    static func check(_ xml: String, asOf: String = "2026-01-15", listAll: Bool = true) -> CheckResult {
        let ruleSet = Fixtures.statutory
        var accumulator = CheckAccumulator(ruleSet: ruleSet, options: CheckOptions(asOf: Fixtures.day(asOf), listAll: listAll))
        let (subjects, stats, _) = read(xml)
        subjects.forEach { accumulator.add($0) }
        return accumulator.result(ruleSet: ruleSet, inputs: [stats])
    }

    static func measures(_ xml: String, year: Int = 2025, asOf: String = "2026-01-15") -> [String: SEN2Measures.Measure] {
        var measures = SEN2Measures(ruleSet: Fixtures.statutory, year: year, asOf: Fixtures.day(asOf))
        read(xml).subjects.forEach { measures.add($0) }
        return Dictionary(uniqueKeysWithValues: measures.measures.map { ($0.id, $0) })
    }

    /// A minimal return around the given persons' XML.
    static func wrap(_ persons: String, year: Int = 2026) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Message>
          <Header><CollectionDetails><Collection>SEN2</Collection><Year>\(year)</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails></Header>
          <Persons>
        \(persons)
          </Persons>
        </Message>

        """
    }

    static var sample: String {
        (try? String(contentsOfFile: Fixtures.path("examples/sen2/sen2-2026-sample.xml"), encoding: .utf8)) ?? ""
    }
}
