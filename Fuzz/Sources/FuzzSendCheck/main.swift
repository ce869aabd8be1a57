import Foundation
import SendCheckCore

// libFuzzer entry through LLVMFuzzerRunDriver (the SwiftPM-compatible recipe in toolchain.md).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ cb: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The bundled rules, loaded once: fuzzed input is read against their schemas.
let rules = loadRules()

let fuzzOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt = { data, count in
    guard let data, count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    let text = String(decoding: bytes, as: UTF8.self)
    let asOf = Day(year: 2025, month: 6, day: 30)!
    var diagnostics = Diagnostics()
    // Targets 0-7 keep their numbers (old corpora mean the same); 8-10 came with the alert job and the board,
    // 11 with the random rule packs.
    switch bytes[0] % 12 {
    case 0:
        // Case CSV, evaluated with every rule.
        var accumulator = CheckAccumulator(ruleSet: rules, options: CheckOptions(asOf: asOf, listAll: true))
        let stats = CaseFileReader.read(
            UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), path: "f.csv", schema: rules.schemas["case"]!,
            diagnostics: &diagnostics
        ) { accumulator.add($0) }
        if let stats { _ = JSONReporter().render(accumulator.result(ruleSet: rules, inputs: [stats]), context: ReportContext(toolVersion: "f")) }
    case 1:
        // A rule expression, compiled and evaluated on an empty subject.
        let compiler = ExpressionCompiler(schema: rules.schemas["case"]!, calendar: rules.calendar, variables: [.asOf, .start, .due])
        if case .success(let typed) = compiler.compile(String(text.dropFirst())) {
            let values = [Value](repeating: .missing, count: rules.schemas["case"]!.fields.count)
            _ = values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: asOf, start: asOf, due: asOf)) }
        }
    case 2:
        // A plan file, loaded and validated.
        if let plan = PlanLoader(path: "p.yaml", schemas: rules.schemas, ruleIDs: Set(rules.rules.map(\.id))).load(String(text.dropFirst()), diagnostics: &diagnostics) {
            _ = PlanValidation.diagnostics(for: plan, ruleSet: rules, options: CheckOptions(asOf: asOf), strict: false)
        }
    case 4:
        // A SEN2 XML return: read, mapped to subjects, checked, and measured.
        let body = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        var accumulator = CheckAccumulator(ruleSet: rules, options: CheckOptions(asOf: asOf, listAll: true))
        var measures = SEN2Measures(ruleSet: rules, year: 2024, asOf: asOf)
        var mapped = Diagnostics()
        let pseudonym = SEN2Pseudonym(key: "fuzzing-key-0000000")
        _ = SEN2XMLReader(path: "f.xml", personID: "LAChildID").read(body, diagnostics: &diagnostics) { header, person in
            let mapping = SEN2Mapping(path: "f.xml", schema: rules.schemas["case"]!, header: header, pseudonym: pseudonym)
            for subject in mapping.map(person, diagnostics: &mapped).subjects {
                accumulator.add(subject)
                measures.add(subject)
            }
        }
        _ = JSONReporter().render(accumulator.result(ruleSet: rules, inputs: []), context: ReportContext(toolVersion: "f"))
        _ = SEN2MeasuresReport(year: 2024, asOf: asOf, returns: [], lea: nil, measures: measures.measures).json(toolVersion: "f")
    case 5:
        // A configuration, with its column, code and constant mappings checked against the fields.
        if let config = Configuration.parse(String(text.dropFirst()), path: "c.yaml", diagnostics: &diagnostics) {
            config.checkMappings(schema: rules.schemas["case"]!, diagnostics: &diagnostics)
            _ = config.apply(to: rules, diagnostics: &diagnostics)
        }
    case 6:
        // A case file through a council's mapping: `sendcheck columns` and its coverage.
        let mapping = CaseMapping(
            columns: [.init(field: "case_id", header: "Child Ref"), .init(field: "request_outcome", header: "Agreed")],
            values: ["request_outcome": [.init(from: "Yes", to: "assess"), .init(from: "No", to: "not_assess")]],
            constants: [.init(field: "assessment_outcome", value: "issue")])
        _ = ColumnsReport.render(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), path: "e.csv", ruleSet: rules, mapping: mapping, layout: nil)
    case 7:
        // A YAML document of any kind: the located tree (anchors refused, sizes bounded).
        _ = YAMLParser.parse(String(text.dropFirst()), path: "y.yaml", diagnostics: &diagnostics)
    case 8:
        // A case CSV through the alert night: collector, policy (two nights), routing, digests, messages.
        AlertFuzz.fromCSV(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), flags: UInt8(truncatingIfNeeded: count), rules: rules)
    case 9:
        // A corrupt or hostile previous alert state against a fixed night of findings.
        AlertFuzz.fromState(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), rules: rules)
    case 10:
        // A case CSV through the board report: HTML, Markdown and CSV.
        BoardFuzz.report(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), rules: rules)
    case 11:
        // A random rule pack made from the input's next bytes: time travel must give what separate
        // evaluations give (in this release build, where TimeTravel's debug checks are compiled out).
        RandomPackFuzz.check(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()))
    default:
        // A rule pack alongside the bundled ones, and its examples.
        let sources = BundledRules.files.map { RuleSetLoader.Source(path: $0.path, text: $0.text + "\n") }
        if let set = RuleSetLoader.load(sources + [RuleSetLoader.Source(path: "x.yaml", text: String(text.dropFirst()))], diagnostics: &diagnostics) {
            _ = ExampleRunner.run(set, only: ["x"])
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
