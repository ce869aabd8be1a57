/// Reads a rule pack's header, its field declarations and its derived fields.
///
/// ```yaml
/// version: 1
/// kind: rule-pack
/// pack: statutory
/// title: Statutory SEND timescales (England)
/// subject: case
/// id_field: case_id
/// fields:
///   request_received: {type: date, sen2: ReceivedDate, description: ...}
///   request_outcome: {type: code, values: [assess, not_assess, withdrawn], dated_by: request_outcome_date}
/// derived:
///   final_plan_date: {expression: "when(assessment_outcome == 'issue', assessment_outcome_date)"}
/// rules: [...]
/// ```
enum PackLoader {
    static let keys = ["version", "kind", "pack", "title", "description", "subject", "id_field", "fields", "roles", "derived", "rules"]

    static func checkVersion(_ r: MappingReader, diagnostics: inout Diagnostics) {
        guard let (v, at) = r.int("version", diagnostics: &diagnostics) else { return }
        if v != RuleSetLoader.formatVersion {
            diagnostics.error(at, "unsupported format version \(v); this sendcheck reads version \(RuleSetLoader.formatVersion)")
        }
    }

    static func header(_ mapping: YAMLMapping, path: String, diagnostics: inout Diagnostics) -> PackInfo? {
        let r = MappingReader(
            mapping, context: "the rule pack", allowed: keys,
            required: ["version", "pack", "title", "subject", "rules"], diagnostics: &diagnostics)
        checkVersion(r, diagnostics: &diagnostics)
        guard let id = r.string("pack", diagnostics: &diagnostics),
            let title = r.string("title", diagnostics: &diagnostics),
            let subject = r.string("subject", diagnostics: &diagnostics)
        else { return nil }
        let description = r.string("description", diagnostics: &diagnostics)
        return PackInfo(id: id, title: title, subject: subject, path: path, description: description)
    }

    static let fieldTypes: [(String, String)] = [
        ("date", "date"), ("code", "code"), ("number", "number"), ("text", "text"), ("bool", "bool"),
    ]

    static func fields(
        _ mapping: YAMLMapping, info: PackInfo, into schemas: inout [String: Schema], diagnostics: inout Diagnostics
    ) {
        let idField = mapping["id_field"]?.scalar?.text ?? "\(info.subject)_id"
        var schema = schemas[info.subject] ?? Schema(kind: info.subject, idField: idField)
        if schema.idField != idField, let at = mapping.keyNode("id_field")?.location {
            diagnostics.error(at, "subject '\(info.subject)' already has id field '\(schema.idField)'")
        }
        if schema.slot(of: idField) == nil {
            schema.add(FieldDefinition(name: idField, type: .text, description: "The subject's reference."))
        }
        if let node = mapping["fields"], let fields = MappingReader.expectMapping(node, "'fields'", diagnostics: &diagnostics) {
            var pendingDatedBy: [(String, YAMLScalar)] = []
            for (key, value) in fields.entries {
                guard let field = field(named: key, value, diagnostics: &diagnostics) else { continue }
                if let d = field.datedBy, let s = value.mapping?["dated_by"]?.scalar {
                    pendingDatedBy.append((d, s))
                }
                if let earlier = schema.add(field) {
                    diagnostics.error(
                        key.location,
                        "field '\(key.text)' is declared as \(field.type) here but as \(earlier.type)"
                            + (earlier.location.map { " at \($0)" } ?? ""))
                }
            }
            for (name, at) in pendingDatedBy where schema.field(name)?.type != .date {
                let hint = schema.field(name) == nil ? Suggestion.hint(for: name, in: schema.fields.filter { $0.type == .date }.map(\.name)) : ""
                diagnostics.error(at.location, "'dated_by' must name a date field; '\(name)' is not one" + hint)
            }
        }
        if let node = mapping["roles"] { roles(node, into: &schema, diagnostics: &diagnostics) }
        schemas[info.subject] = schema
    }

    /// `roles: {team: team, caseworker: caseworker, exception: exception}`: which field has each role
    /// (`FieldRole`), a declared field of the role's type; two packs may not give a role two fields.
    static func roles(_ node: YAMLNode, into schema: inout Schema, diagnostics: inout Diagnostics) {
        guard let m = MappingReader.expectMapping(node, "'roles'", diagnostics: &diagnostics) else { return }
        let names = FieldRole.allCases.map(\.rawValue)
        for (key, value) in m.entries {
            guard let role = FieldRole(rawValue: key.text) else {
                diagnostics.error(
                    key.location,
                    "unknown role '\(key.text)'; the roles are \(names.joined(separator: ", "))" + Suggestion.hint(for: key.text, in: names))
                continue
            }
            guard let name = value.scalar?.text, let slot = schema.slot(of: name) else {
                let hint = value.scalar.map { Suggestion.hint(for: $0.text, in: schema.fields.map(\.name)) } ?? ""
                diagnostics.error(value.location, "role '\(role.rawValue)' must name a field declared in 'fields'" + hint)
                continue
            }
            guard role.accepts(schema.fields[slot].type) else {
                diagnostics.error(
                    value.location, "role '\(role.rawValue)' needs a \(role.typeName) field; '\(name)' is a \(schema.fields[slot].type) field")
                continue
            }
            if let earlier = schema.roles[role], earlier != slot {
                diagnostics.error(value.location, "role '\(role.rawValue)' is already the field '\(schema.fields[earlier].name)' in another pack")
                continue
            }
            schema.roles[role] = slot
        }
    }

    /// A role no pack named goes to the field of its conventional name, when one of its type is
    /// declared (`FieldRole.conventionalField`): packs written before `roles:` keep their routing.
    static func conventionalRoles(_ schema: inout Schema) {
        for role in FieldRole.allCases where schema.roles[role] == nil {
            if let slot = schema.slot(of: role.conventionalField), role.accepts(schema.fields[slot].type) { schema.roles[role] = slot }
        }
    }

    private static func field(named key: YAMLScalar, _ value: YAMLNode, diagnostics: inout Diagnostics) -> FieldDefinition? {
        let names = fieldTypes.map(\.0)
        if let s = value.scalar {
            guard let type = simpleType(s.text) else {
                diagnostics.error(
                    s.location,
                    "unknown field type '\(s.text)'; use one of \(names.joined(separator: ", "))" + Suggestion.hint(for: s.text, in: names))
                return nil
            }
            if s.text == "code" {
                diagnostics.error(s.location, "a code field needs its values: {type: code, values: [...]}")
                return nil
            }
            return FieldDefinition(name: key.text, type: type, location: key.location)
        }
        guard let m = MappingReader.expectMapping(value, "field '\(key.text)'", diagnostics: &diagnostics) else { return nil }
        let r = MappingReader(
            m, context: "field '\(key.text)'", allowed: ["type", "values", "description", "sen2", "dated_by", "planned", "min", "max", "personal"],
            required: ["type"], diagnostics: &diagnostics)
        guard let typeName = r.choice("type", fieldTypes, diagnostics: &diagnostics) else { return nil }
        var type = simpleType(typeName) ?? .text
        if typeName == "code" {
            let values = (r.scalarList("values", diagnostics: &diagnostics) ?? []).map(\.text)
            if values.isEmpty {
                diagnostics.error(m.location, "code field '\(key.text)' needs a non-empty 'values' list")
                return nil
            }
            type = .code(CodeSet(name: key.text, values: values))
        } else if let v = m.keyNode("values") {
            diagnostics.error(v.location, "'values' is only for code fields")
        }
        let planned = r.bool("planned", diagnostics: &diagnostics) ?? false
        if planned, type != .date, let at = m.keyNode("planned") {
            diagnostics.error(at.location, "'planned' is only for date fields")
        }
        var range: ClosedRange<Int>?
        if m["min"] != nil || m["max"] != nil {
            let low = r.int("min", diagnostics: &diagnostics)
            let high = r.int("max", diagnostics: &diagnostics)
            if type != .int, let at = m.keyNode(m["min"] != nil ? "min" : "max") {
                diagnostics.error(at.location, "'min' and 'max' are only for number fields")
            } else if let l = low?.0, let h = high?.0, l > h, let at = high?.1 {
                diagnostics.error(at, "'max' is below 'min'")
            } else {
                range = (low?.0 ?? Int.min)...(high?.0 ?? Int.max)
            }
        }
        return FieldDefinition(
            name: key.text, type: type, description: r.string("description", diagnostics: &diagnostics) ?? "",
            sen2: r.string("sen2", diagnostics: &diagnostics), datedBy: r.string("dated_by", diagnostics: &diagnostics),
            planned: planned, range: range, personal: r.bool("personal", diagnostics: &diagnostics) ?? false, location: key.location)
    }

    private static func simpleType(_ name: String) -> ValueType? {
        switch name {
        case "date": return .date
        case "number": return .int
        case "text": return .text
        case "bool": return .bool
        case "code": return .code(CodeSet(name: "", values: []))
        default: return nil
        }
    }

    static func derived(
        _ mapping: YAMLMapping, info: PackInfo, into schemas: inout [String: Schema], calendar: HolidayCalendar,
        diagnostics: inout Diagnostics
    ) {
        guard let node = mapping["derived"], var schema = schemas[info.subject],
            let entries = MappingReader.expectMapping(node, "'derived'", diagnostics: &diagnostics)
        else { return }
        for (key, value) in entries.entries {
            let expression: YAMLScalar?
            var description = ""
            if let s = value.scalar {
                expression = s
            } else if let m = MappingReader.expectMapping(value, "derived field '\(key.text)'", diagnostics: &diagnostics) {
                let r = MappingReader(
                    m, context: "derived field '\(key.text)'", allowed: ["expression", "description"],
                    required: ["expression"], diagnostics: &diagnostics)
                expression = r.scalar("expression", diagnostics: &diagnostics)
                description = r.string("description", diagnostics: &diagnostics) ?? ""
            } else {
                expression = nil
            }
            guard let expression else { continue }
            if schema.slot(of: key.text) != nil || schema.derived[key.text] != nil {
                diagnostics.error(key.location, "'\(key.text)' is already a field")
                continue
            }
            schema.derived[key.text] = DerivedField(name: key.text, expression: expression, description: description, compiled: nil)
            let compiler = ExpressionCompiler(schema: schema, calendar: calendar)
            if let typed = compiler.compile(expression, what: "derived field '\(key.text)'", diagnostics: &diagnostics) {
                schema.derived[key.text]?.compiled = typed
                schema.derivedOrder.append(key.text)
            } else {
                schema.derived[key.text] = nil
            }
        }
        schemas[info.subject] = schema
    }
}
