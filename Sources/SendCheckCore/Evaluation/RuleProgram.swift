/// The parts of a rule the evaluator runs, held by reference so the hot path never copies a rule.
final class RuleProgram: Sendable {
    let flag: CompiledExpression?
    let applies: CompiledExpression?
    let appliesChangesAtMostOnce: Bool
    let closes: CompiledExpression?
    let lapses: CompiledExpression?
    let endedBy: CompiledExpression?
    let start: CompiledExpression
    let end: CompiledExpression?
    let endCases: [Rule.EndCase]
    /// With `repeat`: the date fields a cycle ends at by default (one, or the fields of `earliest`).
    let endSlots: [Int]
    let repeatMode: Rule.Repeat
    let limits: [Rule.LimitCase]
    let timing: Rule.Timing
    let exceptionSlot: Int?
    let exceptionCodes: [Int]
    let exceptionCondition: CompiledExpression?
    let amberDays: Int
    let effectiveFrom: Day
    let effectiveTo: Day?
    /// What a source must record to show the step done; names the fields for "not checked".
    let endNeeds: FieldRequirement
    let endNeedsMasks: FieldRequirement.SlotMasks?
    let fieldNames: [String]
    /// Fields the start reads; when all are blank the rule has not started (checked before anything else).
    let startFields: [Int]
    let subjectKind: String

    init(_ rule: Rule, schema: Schema?) {
        flag = rule.flag
        applies = rule.applies
        appliesChangesAtMostOnce = rule.appliesChangesAtMostOnce
        closes = rule.closes
        lapses = rule.lapses
        endedBy = rule.endedBy?.date
        start = rule.start
        end = rule.end
        endCases = rule.endCases
        switch rule.repeatMode {
        case .none: endSlots = []
        case .each(_, let endSlot), .chain(let endSlot): endSlots = rule.endSlots.isEmpty ? [endSlot] : rule.endSlots
        }
        repeatMode = rule.repeatMode
        limits = rule.limits
        timing = rule.timing
        exceptionSlot = rule.exceptionSlot
        exceptionCodes = rule.exceptionCodes
        exceptionCondition = rule.exceptionCondition
        amberDays = rule.amberDays
        effectiveFrom = rule.effectiveFrom
        effectiveTo = rule.effectiveTo
        endNeeds = rule.needs.end
        endNeedsMasks = rule.needs.end.slotMasks
        fieldNames = schema?.fields.map(\.name) ?? []
        startFields = rule.startFields
        subjectKind = rule.subjectKind
    }

    @inline(__always) func inForce(on day: Day) -> Bool {
        day >= effectiveFrom && (effectiveTo.map { day <= $0 } ?? true)
    }
}
