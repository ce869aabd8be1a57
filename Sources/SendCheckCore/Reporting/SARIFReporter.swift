/// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. The rule catalogue carries each rule's
/// citation URL as its help link; each result's `partialFingerprints` is the finding's stable key, so
/// a dashboard tracks one finding from run to run; plan findings point at the plan file's line and
/// column, case findings at the row of their file.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let description =
        "SARIF 2.1.0 for code-scanning dashboards: every rule with its citation URL as help, one result per finding at its file's line, stable `partialFingerprints`."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write(Self.log(result, context: context).pretty(indent: 2))
        out.write("\n")
    }

    /// A rule as SARIF's reporting descriptor: its id, title, message and reading, citation and limit.
    static func descriptor(_ r: Rule) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("id", .string(r.id)), .init("name", .string(camel(r.id))), .init("shortDescription", .object(["text": .string(r.title)])),
            .init("fullDescription", .object(["text": .string(r.message + (r.reading.map { ". Reading: \($0.trimmingSpaces)" } ?? ""))])),
        ]
        if let url = r.url, WebAddress.isLinkable(url) { members.append(.init("helpUri", .string(url))) }
        members.append(.init("help", .object(["text": .string("\(r.citation). Limit: \(r.limitText).")])))
        members.append(.init("defaultConfiguration", .object(["level": .string(r.severity == .statutory ? "error" : "warning")])))
        members.append(
            .init(
                "properties",
                .object([
                    "severity": .string(r.severity.rawValue), "citation": .string(r.citation), "certainty": .string(r.certainty.rawValue),
                    "pack": .string(r.pack), "tags": .array([.string("send"), .string(r.severity.rawValue)]),
                ])))
        return .object(members)
    }

    /// A finding as a SARIF result, located at its row, with its finding key as a fingerprint.
    static func result(_ v: FindingView, result: CheckResult, context: ReportContext, position: [Int: Int]) -> JSONValue {
        var location: [JSONValue.Member] = [.init("uri", .string(uri(v.path)))]
        if context.baseDirectory != nil, !v.path.hasPrefix("/") { location.append(.init("uriBaseId", .string("SRCROOT"))) }
        var text = "\(v.subject): \(v.rule.message), \(v.status.rawValue.replacingUnderscores)"
        if let due = v.finding.due { text += ", due \(due)" }
        if let late = v.daysLate { text += " (\(late) days late)" }
        if let note = v.note { text += " [\(note)]" }
        return .object([
            "ruleId": .string(v.rule.id), "ruleIndex": .int(position[v.finding.rule] ?? 0), "level": .string(level(v.rag)),
            "message": .object(["text": .string(text)]),
            "locations": .array([
                .object([
                    "physicalLocation": .object([
                        "artifactLocation": .object(location), "region": .object(["startLine": .int(v.line), "startColumn": .int(v.column)]),
                    ])
                ])
            ]),
            "partialFingerprints": .object(["sendcheckFindingKey/v1": .string(v.key.fingerprint)]),
            "properties": JSONLinesReporter.object(v, asOf: result.asOf),
        ])
    }

    static func level(_ rag: RAG) -> String { rag == .red ? "error" : rag == .amber ? "warning" : "note" }

    static func log(_ result: CheckResult, context: ReportContext) -> JSONValue {
        let rules = result.ruleSet.rules
        let order = rules.indices.sorted { rules[$0].id < rules[$1].id }
        var position: [Int: Int] = [:]
        for (i, r) in order.enumerated() { position[r] = i }
        let catalogue = order.map { Self.descriptor(rules[$0]) }
        let results = result.views.map { Self.result($0, result: result, context: context, position: position) }
        var run: [JSONValue.Member] = [
            .init(
                "tool",
                .object([
                    "driver": .object([
                        "name": .string("sendcheck"), "version": .string(context.toolVersion), "semanticVersion": .string(context.toolVersion),
                        "rules": .array(catalogue),
                    ])
                ])),
            .init("automationDetails", .object(["id": .string("sendcheck/as-of/\(result.asOf)")])),
        ]
        if let base = context.baseDirectory {
            run.append(
                .init("originalUriBaseIds", .object(["SRCROOT": .object(["uri": .string("file://" + uri(base.hasSuffix("/") ? base : base + "/"))])]))
            )
        }
        run.append(.init("results", .array(results)))
        run.append(.init("properties", .object(["asOf": .day(result.asOf), "since": .day(result.since)])))
        return .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"), "version": .string("2.1.0"), "runs": .array([.object(run)]),
        ])
    }

    /// `reg13-final-plan` as `Reg13FinalPlan`.
    static func camel(_ id: String) -> String { id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }

    /// A path as a URI reference: unreserved characters and `/` as they are, everything else
    /// percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (b < 16 ? "0" : "") + hex
            }
        }
        return out
    }
}
