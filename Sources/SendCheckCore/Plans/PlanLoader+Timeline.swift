extension PlanLoader {
    /// Dated events of the plan, for the board's timeline (already validated by `load`).
    static func timeline(_ m: YAMLMapping) -> [(day: Day, what: String)] {
        var out: [(Day, String)] = []
        func day(_ node: YAMLNode?) -> Day? { node?.scalar.flatMap { try? DateParser.parse($0.text).get() } }
        if let d = day(m["approved"]) { out.append((d, "plan agreed")) }
        let o = m["oversight"]?.mapping
        for i in o?["inspections"]?.sequence ?? [] {
            if let d = day(i.mapping?["date"]) { out.append((d, i.mapping?["kind"]?.scalar?.text ?? "inspection")) }
            if let d = day(i.mapping?["report"]) { out.append((d, "inspection report published")) }
        }
        if let d = day(o?["wsoa"]?.mapping?["approved"]) { out.append((d, "Written Statement of Action accepted")) }
        if let d = day(o?["wsoa"]?.mapping?["revisit"]) { out.append((d, "WSoA revisit")) }
        for meeting in o?["monitoring"]?.sequence ?? [] {
            if let d = day(meeting.mapping?["date"]) {
                let kindText: String? = meeting.mapping?["kind"]?.scalar?.text
                let kind = kindText.map { "\($0) " } ?? ""
                out.append((d, "\(kind)monitoring meeting with \(meeting.mapping?["with"]?.scalar?.text ?? "DfE and NHS England")"))
            }
        }
        for g in m["governance"]?.sequence ?? [] {
            if let d = day(g.mapping?["date"]) {
                let considered =
                    g.mapping?["considered"]?.sequence?.compactMap { $0.scalar?.text }.joined(separator: "; ")
                    ?? g.mapping?["considered"]?.scalar?.text ?? ""
                out.append((d, "\(g.mapping?["body"]?.scalar?.text ?? "board")" + (considered.isEmpty ? "" : ": \(considered)")))
            }
        }
        for c in m["consultations"]?.sequence ?? [] {
            let title = c.mapping?["title"]?.scalar?.text ?? "consultation"
            if let d = day(c.mapping?["closes"]) { out.append((d, "\(title): consultation closes")) }
            if let d = day(c.mapping?["responded"]) { out.append((d, "\(title): partnership response")) }
        }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }
}
