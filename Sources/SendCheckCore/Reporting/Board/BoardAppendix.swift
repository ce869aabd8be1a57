/// The board paper's appendix (`sendcheck report --appendix FILE`): every list the paper cuts, whole,
/// as one CSV table with a `section` column. Cases appear by reference only.
///
/// Sections: `red` (every red finding, longest-standing first), `change_new_red`, `change_resolved`,
/// `change_worse`, `change_better`, `change_aged_out` (every change since the previous board),
/// `nearing_20_weeks` (open requests past week 12, soonest due first), `review_due` (annual reviews
/// due next term, by team), `team` (each listed team's children per rule), `plan_action` (plan actions
/// needing attention) and `problem` (each kind of problem in the inputs).
public enum BoardAppendix {
    public static let header = ["section", "as_of", "item", "rule", "title", "team", "date", "status", "detail"]

    public static func render(_ r: BoardReport) -> String {
        let asOf = r.context.asOf.iso
        var out = CSVText.row(header)
        func row(_ section: String, item: String, rule: String = "", team: String = "", date: Day? = nil, status: String = "", detail: String = "") {
            out += CSVText.row([section, asOf, item, rule, r.titles[rule] ?? "", team, date?.iso ?? "", status, detail])
        }
        for x in r.exceptions {
            row(
                "red", item: x.key.subject, rule: x.key.rule, team: x.accountable ?? "", date: x.since, status: x.status.rawValue,
                detail: x.note.map { "\(x.message) (\($0))" } ?? x.message)
        }
        for (kind, list) in r.changes.lists {
            let section = "change_" + String(kind.rawValue.map { $0 == " " ? "_" : $0 })
            for c in list {
                row(
                    section, item: c.key.subject, rule: c.key.rule, team: c.team ?? "", date: c.due, status: c.statusAfter?.rawValue ?? "no finding",
                    detail: "was \(c.statusBefore?.rawValue ?? "no finding") (\(c.before?.rawValue ?? "none")), now \(c.after?.rawValue ?? "none")")
            }
        }
        let finalPlans = r.backlog.nearingRule
        for n in r.backlog.nearing {
            row(
                "nearing_20_weeks", item: n.subject, rule: finalPlans, team: n.team, date: n.due, status: "past week \(n.milestone)",
                detail: "\(n.daysLeft) day\(n.daysLeft == 1 ? "" : "s") left; requested \(n.start.iso)")
        }
        let reviews = r.backlog.reviewsRule
        for v in r.backlog.reviewsInTeamOrder {
            row("review_due", item: v.subject, rule: reviews, team: v.team, date: v.due, status: "due", detail: r.backlog.term.description)
        }
        for l in r.timescales.rules {
            for t in l.teams {
                row(
                    "team", item: t.team, rule: l.rule,
                    detail:
                        "children: \(t.counts.overdue) overdue, \(t.counts.dueSoon) due soon, \(t.counts.completed) with a step completed in the period"
                )
            }
        }
        for p in r.plans {
            for t in p.board.themes {
                for f in t.flagged {
                    row(
                        "plan_action", item: "\(p.board.id)/\(f.action.id)", rule: f.items.first?.rule ?? "", team: f.action.lead ?? "",
                        date: f.action.due, status: f.rag.rawValue, detail: f.items.map(\.message).joined(separator: "; "))
                }
            }
        }
        for p in r.dataQuality.problems { row("problem", item: p.path, status: "\(p.count)", detail: p.example) }
        return out
    }
}
