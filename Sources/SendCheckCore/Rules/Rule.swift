/// A compiled rule: one statutory (or guidance, or advisory) time limit, ready to evaluate.
public struct Rule: Sendable {
    /// How sure the legal source is (`domain/timescales.md` status column).
    public enum Certainty: String, Sendable, CaseIterable {
        case verifiedPrimary = "verified-primary"
        case verifiedSecondary = "verified-secondary"
        case fromMemory = "from-memory"
        case computed
        case interpretation
    }

    /// Whether the limit is a latest day (most duties) or an earliest lawful day (reg 13 representations).
    public enum Timing: String, Sendable {
        case deadline
        case notBefore = "not-before"
    }

    /// How a duty repeats for one subject.
    public enum Repeat: Sendable, Equatable {
        /// One clock per subject.
        case none
        /// One clock for each occurrence of the start event; it ends at the first end event on or after it
        /// and before the next start (every review meeting needs its own decision).
        case each(startSlot: Int, endSlot: Int)
        /// A chain: the start opens the first cycle and each end event closes one cycle and opens the next
        /// (annual reviews). With latest-value data only the open cycle is checked.
        case chain(endSlot: Int)
    }

    /// One way of computing the due date, used when its condition holds.
    public struct LimitCase: Sendable {
        public var condition: CompiledExpression?
        public var limit: Limit
        public var text: String
    }

    /// How the due date is computed from the start.
    public enum Limit: Sendable {
        /// A period counted from the start (`20 weeks`, `12 months`, `15 working days`).
        case period(Duration)
        /// A fixed day of a year given by an expression; `strict` means "before" (the day before).
        case fixed(month: Int, day: Int, year: CompiledExpression, strict: Bool)
        /// A due date given directly by an expression.
        case expression(CompiledExpression)
    }

    public var id: String
    public var title: String
    public var pack: String
    public var subjectKind: String
    public var citation: String
    public var url: String?
    public var certainty: Certainty
    public var reading: String?
    public var severity: Severity
    public var effectiveFrom: Day
    public var effectiveTo: Day?
    public var message: String
    public var location: SourceLocation

    /// A check with no clock: when this is true the subject gets an `invalid` finding (a structural
    /// problem such as an action with no lead). Rules with `flag` have no start, end or limit.
    public var flag: CompiledExpression?
    /// RAG overrides for this rule's statuses (blue for a complete action, amber for a stale update).
    public var rag: [Status: RAG] = [:]
    public var applies: CompiledExpression?
    public var closes: CompiledExpression?
    public var lapses: CompiledExpression?
    /// A date that ends the clock without the step being done (the plan ceased): before the due date
    /// the duty lapses; after it the clock is `breached`, ended on that date (`docs/semantics.md`).
    public var endedBy: EndedBy?
    public var start: CompiledExpression
    /// The end, when no case of `endCases` applies (for a rule without `repeat`, `end` already tries
    /// them: it is the whole list compiled into one expression).
    public var end: CompiledExpression?
    /// Ends chosen by a condition on the subject, tried in order before the default end: a review that
    /// decided to amend ends at the notice carrying the proposed amendments (*L v Devon*). With
    /// `repeat: each` a case applies to the subject's latest cycle only (a condition on latest values
    /// says nothing of earlier cycles); with `repeat: chain`, to every cycle.
    public var endCases: [EndCase] = []
    /// With `repeat`: the date fields that end a cycle by default; the first on or after its start
    /// counts (`end: earliest(amended_plan_issued, decided_not_to_amend)`).
    public var endSlots: [Int] = []
    public var repeatMode: Repeat
    public var limits: [LimitCase]
    public var timing: Timing
    public var exceptionSlot: Int?
    public var exceptionCodes: [Int]
    /// When the exceptions can excuse at all (a refusal to assess has none: reg 4(1)); nil: always.
    public var exceptionCondition: CompiledExpression?
    /// How the rule reads a source that records a field, and one that does not (the review outcome):
    /// the coverage report says which reading each source got.
    public var sourceReading: SourceReading?
    public var amberDays: Int
    /// Whether `amber` was set in the rule itself (configuration does not override it then).
    public var amberFromRule: Bool
    public var examples: [RuleExample]
    /// The DfE statistic this rule's clocks feed (`measure:`), if any.
    public var measure: DfEMeasure?
    /// What a source must record for the rule to be checked there (`FieldRequirement`).
    public var needs = Needs()
    /// Whether any of the rule's expressions reads the as-of date (`as_of`, also through a derived
    /// field), or it is a flag rule: its clock can then differ between two dates even on the same data.
    public var readsAsOf = false
    /// Whether only the `applies` condition reads the as-of date (a child's age on it): the clock is
    /// then the same on every date the rule applies, only whether it applies differs.
    public var readsAsOfOnlyToApply = false
    /// Whether `applies`, over dates that see the same data, changes at most once as the date increases
    /// (`ExpressionCompiler.changesAtMostOnce`: a child's age against a limit).
    public var appliesChangesAtMostOnce = false
    /// Every field slot the rule's evaluation reads (through derived fields, and the date that decides
    /// a code it reads): its findings can change only when one of them does.
    public var readSlots: [Int] = []
    /// Fields the start reads (for repeating rules, the start event's field).
    public var startFields: [Int] = []
    /// Fields the end reads (for repeating rules, the end event's field): where a finding's step was done.
    public var endFields: [Int] = []

    /// What a source must record: to start the clock, to tell whether the rule applies, to see the
    /// step done. `caveats` are fields that only close, excuse or end a clock: without them the rule is
    /// still checked, but a closed, excused or ceased case cannot be told apart from an open one.
    public struct Needs: Sendable {
        public var start: FieldRequirement = .nothing
        public var applies: FieldRequirement = .nothing
        public var end: FieldRequirement = .nothing
        public var caveats: [Int] = []
    }

    /// The source text of each part, for `rules`, `explain` and the reference page.
    public var text: Text

    /// Source text of a rule's parts.
    public struct Text: Sendable {
        public var start: String
        public var flag: String?
        public var end: String?
        public var applies: String?
        public var closes: String?
        public var lapses: String?
        public var endedBy: String?
        public var exceptions: [String]
        public var exceptionField: String?
        /// When the exceptions apply (`exceptions.when`).
        public var exceptionWhen: String?
        public var notes: String?
    }

    /// One conditional end (`end:` as a list of `{when, date}` cases).
    public struct EndCase: Sendable {
        public var condition: CompiledExpression
        /// The end as an expression (used by rules without `repeat`).
        public var date: CompiledExpression
        /// With `repeat`: the date fields that end the cycle.
        public var slots: [Int]
        /// `amendment_notice when review_outcome == 'amend'`.
        public var text: String
    }

    /// A rule's reading of sources with and without a field.
    public struct SourceReading: Sendable {
        public var slot: Int
        public var recorded: String
        public var missing: String
    }

    /// What ends a clock without its step being done, and the reason shown ("the plan ceased").
    public struct EndedBy: Sendable {
        public var date: CompiledExpression
        public var reason: String
        /// The fields the date reads.
        public var fields: [Int] = []
    }

    /// Whether the rule is in force on `day`.
    public func inForce(on day: Day) -> Bool {
        day >= effectiveFrom && (effectiveTo.map { day <= $0 } ?? true)
    }

    /// A one-line description of the limit.
    public var limitText: String { limits.map(\.text).joined(separator: "; otherwise ") }
}

/// A worked example: given fields, as of a date, the rule gives these findings.
public struct RuleExample: Sendable {
    public var name: String
    public var given: Subject
    public var asOf: Day
    /// Expected findings in order; empty means "no finding".
    public var expected: [Expectation]
    public var location: SourceLocation

    /// One expected finding.
    public struct Expectation: Sendable, Equatable {
        public var status: Status
        public var due: Day?
        public var start: Day?
        public var completed: Day?
    }
}

/// Every rule that was loaded, with the schemas and calendar they were compiled against.
public struct RuleSet: Sendable {
    public var rules: [Rule]
    public var schemas: [String: Schema]
    public var calendar: HolidayCalendar
    public var packs: [PackInfo]

    public init(rules: [Rule], schemas: [String: Schema], calendar: HolidayCalendar, packs: [PackInfo]) {
        self.rules = rules
        self.schemas = schemas
        self.calendar = calendar
        self.packs = packs
    }

    /// Indices of the rules for a kind of subject.
    public func ruleIndices(for kind: String) -> [Int] {
        rules.indices.filter { rules[$0].subjectKind == kind }
    }
}

/// A rule pack's metadata.
public struct PackInfo: Sendable {
    public var id: String
    public var title: String
    public var subject: String
    public var path: String
    public var description: String?
}
