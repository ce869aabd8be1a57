/// The sections of the configuration that `Configuration.parse` reads each in a function of its own.
extension Configuration {
    /// `amber:`: the amber windows: a default and one per rule.
    static func readAmber(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["amber"], let am = MappingReader.expectMapping(node, "'amber'", diagnostics: &diagnostics) else { return }
        let a = MappingReader(am, context: "'amber'", allowed: ["default", "rules"], diagnostics: &diagnostics)
        if let s = a.scalar("default", diagnostics: &diagnostics) { config.amberDefault = days(s, &diagnostics) }
        if let rn = a["rules"], let rm = MappingReader.expectMapping(rn, "'amber.rules'", diagnostics: &diagnostics) {
            for (key, value) in rm.entries {
                guard let s = value.scalar else {
                    diagnostics.error(value.location, "the amber window of '\(key.text)' must be a single value such as '6 weeks'")
                    continue
                }
                if let d = days(s, &diagnostics) { config.amberByRule[key.text] = (d, key.location) }
            }
        }
    }

    /// `rag:`: the RAG of each status, and the worst RAG a rule of each severity can have.
    static func readRAG(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["rag"], let rm = MappingReader.expectMapping(node, "'rag'", diagnostics: &diagnostics) else { return }
        let keys = Status.allCases.map(\.rawValue) + Severity.allCases.map(\.rawValue)
        _ = MappingReader(rm, context: "'rag'", allowed: keys, diagnostics: &diagnostics)
        for (key, value) in rm.entries {
            if let severity = Severity(rawValue: key.text) {
                // The worst RAG a rule of this severity can have.
                guard let s = value.scalar, let rag = RAG(rawValue: s.text), rag != .blue else {
                    diagnostics.error(
                        value.location,
                        "the most a \(key.text) rule can be rated must be red, amber or green (rules of that severity are never rated worse)")
                    continue
                }
                config.rag.ceilings[severity] = rag
                continue
            }
            guard let status = Status(rawValue: key.text) else { continue }
            guard let s = value.scalar, let rag = RAG(rawValue: s.text) else {
                diagnostics.error(value.location, "the RAG of '\(key.text)' must be red, amber, green or blue")
                continue
            }
            config.rag.map[status] = rag
        }
    }

    /// `limits:`: limits set by the council, per rule.
    static func readLimits(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["limits"], let lm = MappingReader.expectMapping(node, "'limits'", diagnostics: &diagnostics) else { return }
        for (key, value) in lm.entries {
            guard let s = value.scalar, let d = Duration.parse(s.text) else {
                let why = value.scalar.flatMap { Duration.problem($0.text) }
                diagnostics.error(value.location, why ?? "the limit of '\(key.text)' must be a period such as '6 months' or '15 working days'")
                continue
            }
            config.limits[key.text] = (d, key.location)
        }
    }

    /// `themes:`: how a theme's RAG follows from its actions (`worst`, or `share` with percentages).
    static func readThemes(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["themes"], let tm = MappingReader.expectMapping(node, "'themes'", diagnostics: &diagnostics) else { return }
        let t = MappingReader(tm, context: "'themes'", allowed: ["rag", "red_at", "amber_at"], diagnostics: &diagnostics)
        let rule = t.choice("rag", [("worst", "worst"), ("share", "share")], diagnostics: &diagnostics)
        func percent(_ key: String, _ fallback: Int) -> Int {
            guard let s = t.scalar(key, diagnostics: &diagnostics) else { return fallback }
            let digits = s.text.hasSuffix("%") ? String(s.text.dropLast()) : s.text
            guard let n = Int(digits.trimmingSpaces), (1...100).contains(n) else {
                diagnostics.error(s.location, "'\(key)' must be a percentage from 1% to 100%, not '\(s.text)'")
                return fallback
            }
            return n
        }
        let red = percent("red_at", 25)
        let amber = percent("amber_at", 25)
        if rule == "share" { config.themeRule = .share(red: red, amber: amber) }
    }

    /// `packs:`: packs switched on or off.
    static func readPacks(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["packs"], let pm = MappingReader.expectMapping(node, "'packs'", diagnostics: &diagnostics) else { return }
        for (key, value) in pm.entries {
            guard let s = value.scalar,
                let on = ["true": true, "on": true, "yes": true, "false": false, "off": false, "no": false][s.text.lowercased()]
            else {
                diagnostics.error(value.location, "pack '\(key.text)' must be switched on or off (true or false)")
                continue
            }
            config.packs[key.text] = (on, key.location)
        }
    }

    /// `sen2:`: the SEN2 returns, the key that pseudonymises references and the person id.
    static func readSEN2(_ r: MappingReader, into config: inout Configuration, _ diagnostics: inout Diagnostics) {
        guard let node = r["sen2"], let sm = MappingReader.expectMapping(node, "'sen2'", diagnostics: &diagnostics) else { return }
        let t = MappingReader(sm, context: "'sen2'", allowed: ["returns", "key", "person_id"], diagnostics: &diagnostics)
        config.sen2.returns = (t.scalarList("returns", diagnostics: &diagnostics) ?? []).map(\.text)
        if let k = t.scalar("key", diagnostics: &diagnostics) {
            config.sen2.key = k.text
            config.sen2.keyLocation = k.location
        }
        // Normalised as both readers compare names: white space trimmed, no namespace prefix.
        config.sen2.personID = t.string("person_id", diagnostics: &diagnostics).map { id in
            let trimmed = id.trimmingSpaces
            return trimmed.split(separator: ":").last.map(String.init) ?? trimmed
        }
        // The reference appears in every report: it must not be a name, UPN, ULN, postcode or birth date.
        let personal = ["upn", "uniquelearnernumber", "surname", "forename", "postcode", "personbirthdate"]
        if let id = config.sen2.personID, personal.contains(id.lowercased()), let at = t["person_id"]?.location {
            diagnostics.error(
                at,
                "'person_id' must name the council's own person id, not \(id): references appear in every report and must not identify a child")
        }
    }
}
