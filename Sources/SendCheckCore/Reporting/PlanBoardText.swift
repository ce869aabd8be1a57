/// The board section of the text report: plan RAG, oversight, themes with their red and amber
/// actions, and the dated timeline up to the as-of date.
enum PlanBoardText {
    static func render(_ boards: [PlanBoard]) -> String {
        var out = ""
        for b in boards {
            out += "\nimprovement plan \(shown(b.id)): \(shown(b.title)) [\(shown(b.path))]: \(b.rag.rawValue)\n"
            if !b.oversight.isEmpty {
                out += "  oversight:\n"
                for i in b.oversight { out += "    \(item(i))\n" }
            }
            out += "  themes:\n"
            for t in b.themes {
                let counts = [RAG.red, .amber, .green, .blue].map { "\(t.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                out += "    \(t.rag.rawValue.padding(6)) \(shown(t.id)) \(shown(t.title)) (\(counts))\n"
                for (action, rag, items) in t.flagged {
                    var details = [action.lead.map(shown) ?? "no lead", action.due.map { "due \($0)" } ?? "no due date"]
                    if let s = action.status { details.append(s.replacingUnderscores) }
                    out += "           \(rag.rawValue.padding(6)) \(shown(action.id)) \(shown(action.title)) (\(details.joined(separator: ", ")))\n"
                    for i in items { out += "                  \(item(i))\n" }
                }
            }
            if !b.timeline.isEmpty {
                out += "  timeline (to the as-of date):\n"
                for (day, what) in b.timeline { out += "    \(day)  \(shown(what))\n" }
            }
        }
        return out
    }

    /// Plan text as shown: a title cannot forge lines of the report.
    private static func shown(_ text: String) -> String { Escaping.shown(text, limit: 300) }

    private static func item(_ i: PlanBoard.Item) -> String {
        let due = i.due.map { ", due \($0)" } ?? ""
        let severity = i.severity == .statutory ? "" : " (\(i.severity.rawValue))"
        return "\(i.rag.rawValue.padding(6)) \(i.rule) \(i.status.rawValue.replacingUnderscores)\(due): \(i.message)\(severity)"
    }
}

/// The `plans` array of the JSON report.
enum PlanBoardJSON {
    static func render(_ boards: [PlanBoard]) -> String {
        guard !boards.isEmpty else { return "[]" }
        return "["
            + boards.map { b in
                let oversight = b.oversight.map(item).joined(separator: ", ")
                let themes = b.themes.map { t in
                    let counts = [RAG.blue, .green, .amber, .red].map { "\"\($0.rawValue)\": \(t.counts[$0] ?? 0)" }.joined(separator: ", ")
                    let flagged = t.flagged.map { a in
                        "{\"action\": \(JSONText.string(a.action.id)), \"title\": \(JSONText.string(a.action.title)), \"rag\": \"\(a.rag.rawValue)\", "
                            + "\"findings\": [\(a.items.map(item).joined(separator: ", "))]}"
                    }.joined(separator: ", ")
                    return "\n        {\"id\": \(JSONText.string(t.id)), \"title\": \(JSONText.string(t.title)), \"rag\": \"\(t.rag.rawValue)\", "
                        + "\"actions\": {\(counts)}, \"flagged\": [\(flagged)]}"
                }.joined(separator: ",")
                let timeline = b.timeline.map { "{\"date\": \"\($0.day)\", \"event\": \(JSONText.string($0.what))}" }.joined(separator: ", ")
                return "\n    {\"id\": \(JSONText.string(b.id)), \"title\": \(JSONText.string(b.title)), \"path\": \(JSONText.string(b.path)), "
                    + "\"illustrative\": \(b.illustrative), \"rag\": \"\(b.rag.rawValue)\",\n      \"oversight\": [\(oversight)],\n      \"themes\": [\(themes)],"
                    + "\n      \"timeline\": [\(timeline)]}"
            }.joined(separator: ",") + "\n  ]"
    }

    /// Plan text as shown: a title cannot forge lines of the report.
    private static func shown(_ text: String) -> String { Escaping.shown(text, limit: 300) }

    private static func item(_ i: PlanBoard.Item) -> String {
        "{\"rule\": \(JSONText.string(i.rule)), \"subject\": \(JSONText.string(i.subject)), \"status\": \"\(i.status.rawValue)\", "
            + "\"rag\": \"\(i.rag.rawValue)\", \"severity\": \"\(i.severity.rawValue)\", \"due\": \(JSONText.day(i.due)), \"message\": \(JSONText.string(i.message))}"
    }
}
