import Foundation
import SendCheckCore

extension Engine {
    /// What the alert job reads in one night: every case file and SEN2 return evaluated as of the
    /// as-of date, keeping the open amber and red findings, the breaches completed on or after
    /// `breachesSince`, and the findings of the `watched` cases and rules (those with an open alert).
    /// Plans are not read: plan actions go to the board, not to caseworkers.
    public struct AlertInput {
        public var findings: [AlertFinding] = []
        public var labels = LabelTable()
        public var inputs: [ReadStatistics] = []
        public var coverage: [SourceCoverage] = []
        public var subjects = 0
        /// Whether every source was read whole and lets some rule be checked (`Engine.complete`): an
        /// alert run on a partial picture would resolve alerts that are still open.
        public var complete = false
    }

    public mutating func alertInput(
        _ options: CheckOptions, watched: [String: Set<String>], breachesSince: Day, cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> AlertInput? {
        guard let ruleSet else { return nil }
        func make(_ rules: RuleSet) -> AlertCollector {
            AlertCollector(ruleSet: rules, options: options, watched: watched, breachesSince: breachesSince)
        }
        var out = AlertInput()
        var total = make(ruleSet)
        (out.inputs, out.coverage) = readSources(into: &total, ruleSet: ruleSet, cores: cores, make: make)
        out.findings = total.findings
        out.subjects = total.subjects
        out.labels = LabelTable.merged(out.inputs.map(\.labels))
        // Plans are not read: plan actions go to the board, not to caseworkers.
        out.complete = complete(inputs: out.inputs, coverage: out.coverage, plans: false)
        return out
    }

    /// Reads the waiver files, checking each rule id against the loaded rules (and, with `asOf`, that
    /// none lasts longer than `alerts.max_waiver`).
    public mutating func readWaivers(_ paths: [String], asOf: Day?) -> WaiverBook? {
        var book = WaiverBook()
        let before = diagnostics.errorCount
        let check = WaiverBook.Check(
            rules: ruleSet?.rules.map(\.id) ?? [], asOf: asOf, longestMonths: configuration?.alerts?.policy.longestWaiverMonths ?? 12)
        for path in paths {
            guard let text = FileSource.text(path, diagnostics: &diagnostics) else { continue }
            WaiverBook.parse(text, path: path, check: check, into: &book, diagnostics: &diagnostics)
        }
        return diagnostics.errorCount == before ? book : nil
    }
}
