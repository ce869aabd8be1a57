/// The fields a kind of subject (a case, a plan action) has, declared as data in rule packs.
///
/// Each field has a slot: subjects carry their values in an array indexed by slot, so compiled
/// rules read fields by integer index.
public struct Schema: Sendable {
    /// The kind of subject, for example `case`.
    public var kind: String
    /// The field that identifies a subject (`case_id`).
    public var idField: String
    public private(set) var fields: [FieldDefinition] = []
    private var slots: [String: Int] = [:]
    /// Named expressions over fields, usable like fields (`final_plan_date`).
    public var derived: [String: DerivedField] = [:]
    /// Derived field names in declaration order.
    public var derivedOrder: [String] = []
    /// The field of each role (`roles:` in a pack, `FieldRole`), by slot.
    public var roles: [FieldRole: Int] = [:]

    public init(kind: String, idField: String) {
        self.kind = kind
        self.idField = idField
    }

    /// The slot of a field.
    @inline(__always) public func slot(of name: String) -> Int? { slots[name] }

    /// The slot of the field a role names, if any field has it.
    @inline(__always) public func slot(of role: FieldRole) -> Int? { roles[role] }

    /// The definition of a field.
    public func field(_ name: String) -> FieldDefinition? { slots[name].map { fields[$0] } }

    /// Adds a field; returns the earlier definition if one with the same name but another type exists.
    @discardableResult
    public mutating func add(_ field: FieldDefinition) -> FieldDefinition? {
        if let existing = slots[field.name] {
            return fields[existing].type == field.type ? nil : fields[existing]
        }
        slots[field.name] = fields.count
        fields.append(field)
        return nil
    }

    /// Slots of event dates: dates after the as-of date have not happened yet. Planned dates (a due
    /// date set in advance) are not events and are not masked.
    public var dateSlots: [Int] { fields.indices.filter { fields[$0].type == .date && !fields[$0].planned } }

    /// (code slot, date slot) pairs: the code only counts once its date has happened.
    public var datedCodes: [(Int, Int)] {
        fields.indices.compactMap { i in fields[i].datedBy.flatMap { slots[$0] }.map { (i, $0) } }
    }
}

/// One field of a subject schema.
public struct FieldDefinition: Sendable {
    public var name: String
    public var type: ValueType
    public var description: String
    /// The DfE SEN2 item this field follows, if any.
    public var sen2: String?
    /// A date field recording when this code was decided; the code is ignored before that date.
    public var datedBy: String?
    /// A date set in advance (a due date), not an event: visible whatever the as-of date.
    public var planned: Bool
    /// For a number: the values it may take (`min`, `max`); any other is an invalid cell.
    public var range: ClosedRange<Int>?
    /// Whether the field identifies a child (a date of birth): its values never appear in messages.
    public var personal: Bool
    public var location: SourceLocation?

    public init(
        name: String, type: ValueType, description: String = "", sen2: String? = nil, datedBy: String? = nil,
        planned: Bool = false, range: ClosedRange<Int>? = nil, personal: Bool = false, location: SourceLocation? = nil
    ) {
        self.personal = personal
        self.name = name
        self.type = type
        self.description = description
        self.sen2 = sen2
        self.datedBy = datedBy
        self.planned = planned
        self.range = range
        self.location = location
    }

    /// The parser of this field's cells, with a council's own codes for it.
    public func parser(aliases: [(String, Int)] = []) -> CellParser { CellParser(type: type, aliases: aliases, range: range) }
}

/// A named expression usable like a field.
public struct DerivedField: Sendable {
    public var name: String
    public var expression: YAMLScalar
    public var description: String
    /// Set once compiled; nil while being compiled (so self-reference is caught).
    public var compiled: TypedExpression?
}
