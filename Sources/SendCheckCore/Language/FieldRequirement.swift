/// Which recorded fields an expression needs before its answer can be trusted, as a small formula
/// over field slots. A source that lacks them cannot show the step, so the rule is *not checked*
/// for it rather than guessed (`docs/semantics.md`, "not checked").
///
/// Read from the expression's shape: `latest` and `earliest` take any of their dates (alternative
/// ways of recording the step); `present(x)` is answered by a missing column too (nothing is
/// present), so it needs nothing; every other part needs all it reads. `when(c, v)` needs both.
public indirect enum FieldRequirement: Sendable, Equatable {
    /// Needs nothing recorded.
    case nothing
    case field(Int)
    case all([FieldRequirement])
    case any([FieldRequirement])

    /// Whether a source that records `has` meets the requirement.
    public func isMet(by has: (Int) -> Bool) -> Bool {
        switch self {
        case .nothing: return true
        case .field(let slot): return has(slot)
        case .all(let parts): return parts.allSatisfy { $0.isMet(by: has) }
        case .any(let parts): return parts.contains { $0.isMet(by: has) }
        }
    }

    /// What is missing, in words a data officer can act on: one entry per unmet part, alternatives
    /// joined with "or". Empty when the requirement is met.
    public func missing(by has: (Int) -> Bool, names: (Int) -> String) -> [String] {
        switch self {
        case .nothing: return []
        case .field(let slot): return has(slot) ? [] : [names(slot)]
        case .all(let parts): return parts.flatMap { $0.missing(by: has, names: names) }
        case .any(let parts):
            guard !isMet(by: has) else { return [] }
            let each = parts.map { $0.missing(by: has, names: names).joined(separator: " and ") }
            return [each.joined(separator: " or ")]
        }
    }

    /// Every slot the requirement mentions.
    public var slots: [Int] {
        switch self {
        case .nothing: return []
        case .field(let slot): return [slot]
        case .all(let parts), .any(let parts): return parts.flatMap(\.slots)
        }
    }

    /// The requirement as a few alternatives, each a set of slots that must all be recorded, for a
    /// check per finding without walking the formula; nil when it needs more than `SlotMasks.capacity`
    /// alternatives or a slot past 63 (then `isMet(by:)` answers).
    public var slotMasks: SlotMasks? {
        func alternatives(_ r: FieldRequirement) -> [UInt64]? {
            switch r {
            case .nothing: return [0]
            case .field(let slot): return slot >= 0 && slot < 64 ? [1 << UInt64(slot)] : nil
            case .any(let parts):
                var out: [UInt64] = []
                for p in parts {
                    guard let a = alternatives(p) else { return nil }
                    out += a
                    if out.count > SlotMasks.capacity { return nil }
                }
                return out
            case .all(let parts):
                var out: [UInt64] = [0]
                for p in parts {
                    guard let a = alternatives(p), out.count * a.count <= SlotMasks.capacity else { return nil }
                    out = out.flatMap { x in a.map { x | $0 } }
                }
                return out
            }
        }
        return alternatives(self).map(SlotMasks.init)
    }

    /// Up to four alternatives of slots (bit `s` for slot `s`), held inline so checking them touches
    /// no reference-counted storage.
    public struct SlotMasks: Sendable, Equatable {
        public static let capacity = 4
        private var masks: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var count = 0

        init(_ list: [UInt64]) {
            precondition(list.count <= Self.capacity)
            count = list.count
            if count > 0 { masks.0 = list[0] }
            if count > 1 { masks.1 = list[1] }
            if count > 2 { masks.2 = list[2] }
            if count > 3 { masks.3 = list[3] }
        }

        /// Whether a source recording the slots in `recorded` meets one alternative.
        @inline(__always) public func isMet(by recorded: UInt64) -> Bool {
            (count > 0 && recorded & masks.0 == masks.0) || (count > 1 && recorded & masks.1 == masks.1)
                || (count > 2 && recorded & masks.2 == masks.2) || (count > 3 && recorded & masks.3 == masks.3)
        }

        public static func == (a: SlotMasks, b: SlotMasks) -> Bool {
            a.count == b.count && a.masks.0 == b.masks.0 && a.masks.1 == b.masks.1 && a.masks.2 == b.masks.2 && a.masks.3 == b.masks.3
        }
    }

    /// `all`, simplified: parts that need nothing dropped, nested `all`s flattened, duplicates removed.
    static func allOf(_ parts: [FieldRequirement]) -> FieldRequirement {
        var out: [FieldRequirement] = []
        for p in parts {
            switch p {
            case .nothing: continue
            case .all(let inner): for q in inner where !out.contains(q) { out.append(q) }
            default: if !out.contains(p) { out.append(p) }
            }
        }
        return out.isEmpty ? .nothing : out.count == 1 ? out[0] : .all(out)
    }

    /// `any`, simplified: an alternative that needs nothing makes the whole need nothing.
    static func anyOf(_ parts: [FieldRequirement]) -> FieldRequirement {
        var out: [FieldRequirement] = []
        for p in parts {
            switch p {
            case .nothing: return .nothing
            case .any(let inner): for q in inner where !out.contains(q) { out.append(q) }
            default: if !out.contains(p) { out.append(p) }
            }
        }
        return out.isEmpty ? .nothing : out.count == 1 ? out[0] : .any(out)
    }
}

extension ExpressionCompiler {
    /// Whether an expression reads the as-of date, itself or through a derived field.
    public func readsAsOf(_ text: String) -> Bool {
        guard case .success(let node) = ExpressionParser.parse(text) else { return false }
        var visiting = Set<String>()
        return readsAsOf(node, visiting: &visiting)
    }

    func readsAsOf(_ node: Expression.Node, visiting: inout Set<String>) -> Bool {
        switch node.expression {
        case .name(let n):
            if n == Variable.asOf.rawValue { return true }
            guard let d = schema.derived[n], visiting.insert(n).inserted, case .success(let inner) = ExpressionParser.parse(d.expression.text)
            else { return false }
            return readsAsOf(inner, visiting: &visiting)
        case .call(_, let args), .list(let args): return args.contains { readsAsOf($0, visiting: &visiting) }
        case .not(let a), .negate(let a): return readsAsOf(a, visiting: &visiting)
        case .binary(_, let a, let b), .membership(let a, let b, _): return readsAsOf(a, visiting: &visiting) || readsAsOf(b, visiting: &visiting)
        default: return false
        }
    }

    /// What a source must record for the expression's answer to be trusted (see `FieldRequirement`).
    public func requirement(_ text: String) -> FieldRequirement {
        guard case .success(let node) = ExpressionParser.parse(text) else { return .nothing }
        var visiting = Set<String>()
        return requirement(node, visiting: &visiting)
    }

    private func requirement(_ node: Expression.Node, visiting: inout Set<String>) -> FieldRequirement {
        switch node.expression {
        case .name(let n):
            if let slot = schema.slot(of: n) { return .field(slot) }
            guard let d = schema.derived[n], visiting.insert(n).inserted, case .success(let inner) = ExpressionParser.parse(d.expression.text)
            else { return .nothing }
            defer { visiting.remove(n) }
            return requirement(inner, visiting: &visiting)
        case .call(let name, let args):
            let parts = args.map { requirement($0, visiting: &visiting) }
            switch name {
            case "latest", "earliest": return FieldRequirement.anyOf(parts)
            case "present": return .nothing
            default: return FieldRequirement.allOf(parts)
            }
        case .not(let a), .negate(let a): return requirement(a, visiting: &visiting)
        case .binary(_, let a, let b), .membership(let a, let b, _):
            return FieldRequirement.allOf([requirement(a, visiting: &visiting), requirement(b, visiting: &visiting)])
        case .list(let items): return FieldRequirement.allOf(items.map { requirement($0, visiting: &visiting) })
        default: return .nothing
        }
    }
}
