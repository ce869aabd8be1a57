/// Turns a plan's red and amber findings into located diagnostics for `sendcheck validate` and the
/// pre-commit hook. Structural problems (flag rules: no lead, complete without evidence, a WSoA action
/// not carried) are errors when red and warnings when amber; time-based findings (overdue, due soon,
/// stale) are warnings, since they change with the date rather than with the edit. `strict` makes
/// every warning an error.
public enum PlanValidation {
    public static func diagnostics(for plan: PlanDocument, ruleSet: RuleSet, options: CheckOptions, strict: Bool) -> [Diagnostic] {
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf, reasons: false)
        var out: [Diagnostic] = []
        var buffer: [Value] = []
        for subject in plan.subjects {
            evaluator.forEachFinding(subject, buffer: &buffer) { rule, f in
                let rag = options.rag.rag(f.status, for: rule)
                guard rag == .red || rag == .amber else { return }
                let structural = f.detail == .flagged || f.status == .invalid
                let severity: Diagnostic.Severity = strict || (structural && rag == .red) ? .error : .warning
                var message = "\(subject.id): \(rule.message)"
                if !structural, let due = f.due { message += " (\(f.status.rawValue.replacingUnderscores), due \(due))" }
                if rule.severity == .advisory { message += " (advisory)" }
                if let note = f.note(in: ruleSet) { message += " (\(note))" }
                out.append(Diagnostic(severity, subject.location, message, code: rule.id))
            }
        }
        return out
    }
}
