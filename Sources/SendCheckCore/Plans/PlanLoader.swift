/// Reads an improvement-plan file (`kind: improvement-plan`) strictly: unknown keys are errors with a
/// "did you mean", dates and codes are checked, links (an action carrying a WSoA action, a statutory
/// timescale, a national standard) must resolve. Produces the subjects plan rules check.
public struct PlanLoader {
    let path: String
    let schemas: [String: Schema]
    /// Rule ids an action may link to with `timescale:` or `standard:` (nil: do not check).
    let ruleIDs: Set<String>?

    public init(path: String, schemas: [String: Schema], ruleIDs: Set<String>? = nil) {
        self.path = path
        self.schemas = schemas
        self.ruleIDs = ruleIDs
    }

    static let topKeys = [
        "version", "kind", "id", "title", "owner", "status", "approved", "illustrative", "notes", "oversight", "governance",
        "consultations", "standards", "themes",
    ]

    /// Parses and loads a plan file. Returns nil (with diagnostics) when it cannot be used.
    public func load(_ text: String, diagnostics: inout Diagnostics) -> PlanDocument? {
        guard let root = YAMLParser.parse(text, path: path, diagnostics: &diagnostics),
            let m = MappingReader.expectMapping(root, "an improvement plan", diagnostics: &diagnostics)
        else { return nil }
        return load(m, diagnostics: &diagnostics)
    }

    /// Loads an already parsed plan mapping.
    public func load(_ m: YAMLMapping, diagnostics: inout Diagnostics) -> PlanDocument? {
        let before = diagnostics.errorCount
        let r = MappingReader(
            m, context: "the plan", allowed: Self.topKeys, required: ["version", "kind", "id", "title", "themes"], diagnostics: &diagnostics)
        PackLoader.checkVersion(r, diagnostics: &diagnostics)
        let id = r.string("id", diagnostics: &diagnostics) ?? "plan"
        let title = r.string("title", diagnostics: &diagnostics) ?? id
        var plan = SubjectBuilder(kind: "plan", id: id, location: m["id"]?.location ?? m.location, schema: schemas["plan"])
        plan.set("plan_id", text: id)
        plan.set("status", r.scalar("status", diagnostics: &diagnostics), diagnostics: &diagnostics)
        plan.set("approved", r.scalar("approved", diagnostics: &diagnostics), diagnostics: &diagnostics)
        _ = r.bool("illustrative", diagnostics: &diagnostics)
        _ = r.string("owner", diagnostics: &diagnostics)
        _ = r.string("notes", diagnostics: &diagnostics)

        var wsoa: [(id: String, builder: SubjectBuilder, at: SourceLocation)] = []
        if let node = r["oversight"] { oversight(node, plan: &plan, wsoa: &wsoa, planID: id, diagnostics: &diagnostics) }
        if let node = r["governance"] { governance(node, plan: &plan, diagnostics: &diagnostics) }
        if let node = r["consultations"] { consultations(node, plan: &plan, diagnostics: &diagnostics) }
        if let node = r["standards"] { standards(node, plan: &plan, diagnostics: &diagnostics) }

        let loaded = r["themes"].map { loadThemes($0, ActionContext(plan: plan, planID: id, wsoaIDs: Set(wsoa.map(\.id))), &diagnostics) } ?? Loaded()
        let (themes, actions, carried) = (loaded.themes, loaded.actions, loaded.carried)
        var subjects = [plan.subject]
        subjects += actions.map(\.subject)
        for var w in wsoa {
            if let by = carried[w.id] { w.builder.set("carried_by", text: by.joined(separator: ", ")) }
            subjects.append(w.builder.subject)
        }
        guard diagnostics.errorCount == before else { return nil }
        var document = PlanDocument(
            id: id, title: title, owner: m["owner"]?.scalar?.text, status: m["status"]?.scalar?.text,
            illustrative: m["illustrative"]?.scalar?.text == "true", path: path, themes: themes, subjects: subjects)
        document.timeline = Self.timeline(m)
        document.meetings = (m["governance"]?.sequence ?? []).compactMap { g in
            guard let text = g.mapping?["date"]?.scalar?.text, case .success(let d) = DateParser.parse(text) else { return nil }
            return (d, g.mapping?["body"]?.scalar?.text ?? "board")
        }.sorted { $0.0 < $1.0 }
        return document
    }

    /// The themes and actions read so far: the actions' subjects, the WSoA actions each carries, and
    /// where each action id was first seen.
    private struct Loaded {
        var themes: [PlanDocument.Theme] = []
        var actions: [SubjectBuilder] = []
        var carried: [String: [String]] = [:]
        var seen: [String: SourceLocation] = [:]
    }

    /// What an action is read against: its plan, and the ids of the WSoA actions it may carry.
    private struct ActionContext {
        let plan: SubjectBuilder
        let planID: String
        let wsoaIDs: Set<String>
    }

    /// `themes:`, each with its actions.
    private func loadThemes(_ node: YAMLNode, _ context: ActionContext, _ diagnostics: inout Diagnostics) -> Loaded {
        var loaded = Loaded()
        for (t, themeNode) in (node.sequence ?? []).enumerated() {
            guard let tm = MappingReader.expectMapping(themeNode, "theme \(t + 1)", diagnostics: &diagnostics) else { continue }
            let tr = MappingReader(
                tm, context: "theme \(t + 1)", allowed: ["id", "title", "lead", "notes", "actions"], required: ["id", "title", "actions"],
                diagnostics: &diagnostics)
            let themeID = tr.string("id", diagnostics: &diagnostics) ?? "T\(t + 1)"
            let themeTitle = tr.string("title", diagnostics: &diagnostics) ?? themeID
            _ = tr.string("lead", diagnostics: &diagnostics)
            _ = tr.string("notes", diagnostics: &diagnostics)
            var ids: [PlanDocument.Action] = []
            for (a, actionNode) in (tr["actions"]?.sequence ?? []).enumerated() {
                guard let am = MappingReader.expectMapping(actionNode, "action \(a + 1) of theme \(themeID)", diagnostics: &diagnostics),
                    let info = addAction(am, theme: themeID, context, into: &loaded, &diagnostics)
                else { continue }
                ids.append(info)
            }
            if let actions = tr["actions"], actions.sequence == nil {
                diagnostics.error(actions.location, "'actions' of theme \(themeID) must be a list")
            }
            loaded.themes.append(PlanDocument.Theme(id: themeID, title: themeTitle, actions: ids))
        }
        if node.sequence == nil { diagnostics.error(node.location, "'themes' must be a list of themes") }
        return loaded
    }

    /// One action of a theme, added to what is loaded unless its id is used twice.
    private func addAction(
        _ am: YAMLMapping, theme themeID: String, _ context: ActionContext, into loaded: inout Loaded, _ diagnostics: inout Diagnostics
    ) -> PlanDocument.Action? {
        guard
            var action = self.action(
                am, plan: context.plan, planID: context.planID, theme: themeID, wsoaIDs: context.wsoaIDs, diagnostics: &diagnostics)
        else { return nil }
        let actionID = action.id
        let info = PlanDocument.Action(
            subject: actionID, id: am["id"]?.scalar?.text ?? "", title: am["title"]?.scalar?.text ?? "",
            lead: am["lead"]?.scalar?.text, due: am["due"]?.scalar.flatMap { try? DateParser.parse($0.text).get() },
            status: am["status"]?.scalar?.text)
        if let first = loaded.seen[actionID] {
            diagnostics.error(
                am["id"]?.location ?? am.location, "action id '\(actionID.split(separator: "/").last ?? "")' is used twice (first at \(first))")
            return nil
        }
        loaded.seen[actionID] = am.location
        if let carries = am["carries"]?.scalar?.text {
            loaded.carried[carries, default: []].append(String(actionID.split(separator: "/").last ?? ""))
        }
        action.set("theme", text: themeID)
        loaded.actions.append(action)
        return info
    }

    static let actionKeys = [
        "id", "title", "lead", "start", "due", "status", "completed", "evidence", "carries", "timescale", "standard", "updates", "notes",
    ]

    private func action(
        _ m: YAMLMapping, plan: SubjectBuilder, planID: String, theme: String, wsoaIDs: Set<String>, diagnostics: inout Diagnostics
    ) -> SubjectBuilder? {
        let localID = m["id"]?.scalar?.text ?? "?"
        let what = "action \(localID)"
        let r = MappingReader(m, context: what, allowed: Self.actionKeys, required: ["id", "title", "status"], diagnostics: &diagnostics)
        guard let id = r.string("id", diagnostics: &diagnostics) else { return nil }
        var a = SubjectBuilder(kind: "action", id: "\(planID)/\(id)", location: m.location, schema: schemas["action"])
        a.set("plan_id", text: planID)
        for key in ["title", "lead", "evidence"] {
            if let s = r.scalar(key, diagnostics: &diagnostics) { a.set(key, text: s.text) }
        }
        for (key, field) in [("start", "start_date"), ("due", "due_date"), ("completed", "completed"), ("status", "status")] {
            a.set(field, r.scalar(key, diagnostics: &diagnostics), key: key, diagnostics: &diagnostics)
        }
        a.set("opened", day: a.day("start_date") ?? plan.day("approved") ?? a.day("due_date"))
        if let s = r.scalar("carries", diagnostics: &diagnostics) {
            if !wsoaIDs.contains(s.text) {
                diagnostics.error(
                    s.location, "\(what) carries '\(s.text)', which is not an action of the WSoA" + Suggestion.hint(for: s.text, in: wsoaIDs))
            }
            a.set("carries", text: s.text)
        }
        for key in ["timescale", "standard"] {
            guard let s = r.scalar(key, diagnostics: &diagnostics) else { continue }
            if let ids = ruleIDs, !ids.contains(s.text) {
                diagnostics.error(
                    s.location, "\(what) links to \(key) '\(s.text)', which is not a loaded rule" + Suggestion.hint(for: s.text, in: ids))
            }
            a.set(key, text: s.text)
        }
        var updates: [Day] = []
        if let node = r["updates"] {
            for (i, u) in (node.sequence ?? []).enumerated() {
                guard let um = MappingReader.expectMapping(u, "update \(i + 1) of \(what)", diagnostics: &diagnostics) else { continue }
                let ur = MappingReader(
                    um, context: "update \(i + 1) of \(what)", allowed: ["date", "note", "by"], required: ["date"], diagnostics: &diagnostics)
                if let (d, _) = ur.day("date", diagnostics: &diagnostics) { updates.append(d) }
                _ = ur.string("note", diagnostics: &diagnostics)
                _ = ur.string("by", diagnostics: &diagnostics)
            }
            if node.sequence == nil { diagnostics.error(node.location, "'updates' of \(what) must be a list of {date, note}") }
        }
        a.set("last_update", history: updates)
        _ = r.string("notes", diagnostics: &diagnostics)
        return a
    }

    private func oversight(
        _ node: YAMLNode, plan: inout SubjectBuilder, wsoa: inout [(id: String, builder: SubjectBuilder, at: SourceLocation)], planID: String,
        diagnostics: inout Diagnostics
    ) {
        guard let m = MappingReader.expectMapping(node, "'oversight'", diagnostics: &diagnostics) else { return }
        let r = MappingReader(
            m, context: "'oversight'",
            allowed: ["framework", "inspections", "wsoa", "monitoring", "monitoring_inspection", "next_full_inspection", "next_framework", "notes"],
            diagnostics: &diagnostics)
        plan.set("framework", r.scalar("framework", diagnostics: &diagnostics), diagnostics: &diagnostics)
        plan.set("monitoring_inspection", r.scalar("monitoring_inspection", diagnostics: &diagnostics), diagnostics: &diagnostics)
        plan.set("next_full_inspection", r.scalar("next_full_inspection", diagnostics: &diagnostics), diagnostics: &diagnostics)
        _ = r.string("next_framework", diagnostics: &diagnostics)
        _ = r.string("notes", diagnostics: &diagnostics)
        var latest: (Day, YAMLScalar?)?
        for (i, item) in (r["inspections"]?.sequence ?? []).enumerated() {
            guard let im = MappingReader.expectMapping(item, "inspection \(i + 1)", diagnostics: &diagnostics) else { continue }
            let ir = MappingReader(
                im, context: "inspection \(i + 1)", allowed: ["date", "kind", "report", "outcome", "notes"], required: ["date", "kind"],
                diagnostics: &diagnostics)
            let date = ir.day("date", diagnostics: &diagnostics)?.0
            let report = ir.day("report", diagnostics: &diagnostics)?.0 ?? date
            _ = ir.string("kind", diagnostics: &diagnostics)
            _ = ir.string("notes", diagnostics: &diagnostics)
            let outcome = ir.scalar("outcome", diagnostics: &diagnostics)
            if let report, latest.map({ report > $0.0 }) ?? true { latest = (report, outcome) }
        }
        if let (report, outcome) = latest {
            plan.set("inspection_report", day: report)
            plan.set("inspection_outcome", outcome, diagnostics: &diagnostics)
        }
        if let wn = r["wsoa"] { wsoa += written(wn, plan: &plan, planID: planID, &diagnostics) }
        var meetings: [Day] = []
        for (i, item) in (r["monitoring"]?.sequence ?? []).enumerated() {
            guard let mm = MappingReader.expectMapping(item, "monitoring meeting \(i + 1)", diagnostics: &diagnostics) else { continue }
            let mr = MappingReader(
                mm, context: "monitoring meeting \(i + 1)", allowed: ["date", "kind", "with", "notes"], required: ["date"], diagnostics: &diagnostics)
            if let (d, _) = mr.day("date", diagnostics: &diagnostics) { meetings.append(d) }
            _ = mr.choice("kind", [("formal", "formal"), ("informal", "informal")], diagnostics: &diagnostics)
            _ = mr.string("with", diagnostics: &diagnostics)
            _ = mr.string("notes", diagnostics: &diagnostics)
        }
        plan.set("monitoring_meeting", history: meetings)
    }

    /// `oversight.wsoa`: the written statement of action's dates on the plan, and its actions.
    private func written(
        _ node: YAMLNode, plan: inout SubjectBuilder, planID: String, _ diagnostics: inout Diagnostics
    ) -> [(id: String, builder: SubjectBuilder, at: SourceLocation)] {
        guard let wm = MappingReader.expectMapping(node, "'wsoa'", diagnostics: &diagnostics) else { return [] }
        var out: [(id: String, builder: SubjectBuilder, at: SourceLocation)] = []
        let wr = MappingReader(
            wm, context: "'wsoa'", allowed: ["submitted", "approved", "revisit", "actions", "notes"], diagnostics: &diagnostics)
        plan.set("wsoa_approved", wr.scalar("approved", diagnostics: &diagnostics), diagnostics: &diagnostics)
        plan.set("revisit", wr.scalar("revisit", diagnostics: &diagnostics), diagnostics: &diagnostics)
        plan.set("wsoa_submitted", wr.scalar("submitted", diagnostics: &diagnostics), diagnostics: &diagnostics)
        _ = wr.string("notes", diagnostics: &diagnostics)
        var ids = Set<String>()
        for (i, item) in (wr["actions"]?.sequence ?? []).enumerated() {
            guard let am = MappingReader.expectMapping(item, "WSoA action \(i + 1)", diagnostics: &diagnostics) else { continue }
            let ar = MappingReader(
                am, context: "WSoA action \(i + 1)", allowed: ["id", "title", "status", "notes"], required: ["id", "title", "status"],
                diagnostics: &diagnostics)
            guard let wid = ar.string("id", diagnostics: &diagnostics) else { continue }
            if !ids.insert(wid).inserted { diagnostics.error(am["id"]?.location ?? am.location, "WSoA action id '\(wid)' is used twice") }
            var b = SubjectBuilder(kind: "wsoa-action", id: "\(planID)/\(wid)", location: am.location, schema: schemas["wsoa-action"])
            b.set("plan_id", text: planID)
            if let t = ar.string("title", diagnostics: &diagnostics) { b.set("title", text: t) }
            b.set("status", ar.scalar("status", diagnostics: &diagnostics), diagnostics: &diagnostics)
            _ = ar.string("notes", diagnostics: &diagnostics)
            out.append((wid, b, am.location))
        }
        return out
    }

    private func governance(_ node: YAMLNode, plan: inout SubjectBuilder, diagnostics: inout Diagnostics) {
        var reports: [Day] = []
        guard let items = node.sequence else {
            diagnostics.error(node.location, "'governance' must be a list of meetings")
            return
        }
        for (i, item) in items.enumerated() {
            guard let gm = MappingReader.expectMapping(item, "governance meeting \(i + 1)", diagnostics: &diagnostics) else { continue }
            let gr = MappingReader(
                gm, context: "governance meeting \(i + 1)", allowed: ["body", "date", "considered", "progress_report", "notes"],
                required: ["body", "date"], diagnostics: &diagnostics)
            _ = gr.string("body", diagnostics: &diagnostics)
            _ = gr.scalarList("considered", diagnostics: &diagnostics)
            _ = gr.string("notes", diagnostics: &diagnostics)
            if let (d, _) = gr.day("date", diagnostics: &diagnostics), gr.bool("progress_report", diagnostics: &diagnostics) == true {
                reports.append(d)
            }
        }
        plan.set("board_report", history: reports)
    }

    private func consultations(_ node: YAMLNode, plan: inout SubjectBuilder, diagnostics: inout Diagnostics) {
        var latest: (Day, Day?)?
        for (i, item) in (node.sequence ?? []).enumerated() {
            guard let cm = MappingReader.expectMapping(item, "consultation \(i + 1)", diagnostics: &diagnostics) else { continue }
            let cr = MappingReader(
                cm, context: "consultation \(i + 1)", allowed: ["title", "closes", "responded", "notes"], required: ["title", "closes"],
                diagnostics: &diagnostics)
            _ = cr.string("title", diagnostics: &diagnostics)
            _ = cr.string("notes", diagnostics: &diagnostics)
            let responded = cr.day("responded", diagnostics: &diagnostics)?.0
            if let (closes, _) = cr.day("closes", diagnostics: &diagnostics), latest.map({ closes > $0.0 }) ?? true { latest = (closes, responded) }
        }
        if let (closes, responded) = latest {
            plan.set("consultation_closes", day: closes)
            plan.set("consultation_response", day: responded)
        }
    }

    private func standards(_ node: YAMLNode, plan: inout SubjectBuilder, diagnostics: inout Diagnostics) {
        guard let m = MappingReader.expectMapping(node, "'standards'", diagnostics: &diagnostics) else { return }
        let keys = ["local_inclusion_plan", "tailored_list", "national_ehcp_template", "notes"]
        let r = MappingReader(m, context: "'standards'", allowed: keys, diagnostics: &diagnostics)
        for key in keys.dropLast() { plan.set(key, r.scalar(key, diagnostics: &diagnostics), diagnostics: &diagnostics) }
        _ = r.string("notes", diagnostics: &diagnostics)
    }
}
