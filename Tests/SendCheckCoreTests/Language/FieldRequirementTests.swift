import SendCheckCore
import Testing

/// The inline masks a finding is checked with answer exactly as the formula does.
@Suite("Field requirements as slot masks")
struct FieldRequirementTests {
    static func random(_ mix: inout SeededGenerator, depth: Int) -> FieldRequirement {
        switch depth == 0 ? Int.random(in: 0..<2, using: &mix) : Int.random(in: 0..<4, using: &mix) {
        case 0: return .nothing
        case 1: return .field(Int.random(in: 0..<8, using: &mix))
        case 2: return .all((0..<(1 + Int.random(in: 0..<3, using: &mix))).map { _ in random(&mix, depth: depth - 1) })
        default: return .any((0..<(1 + Int.random(in: 0..<3, using: &mix))).map { _ in random(&mix, depth: depth - 1) })
        }
    }

    @Test("masks agree with the formula for random requirements and sources")
    func agree() {
        var mix = SeededGenerator(seed: 11)
        var withMasks = 0
        for _ in 0..<2000 {
            let requirement = Self.random(&mix, depth: 3)
            let present = (0..<8).map { _ in Int.random(in: 0..<3, using: &mix) > 0 }
            let source = FieldPresence(path: "cases.csv", present: present)
            guard let masks = requirement.slotMasks else { continue }
            withMasks += 1
            #expect(source.meets(requirement, masks: masks) == requirement.isMet(by: source.has), "\(requirement) \(present)")
        }
        // Most random formulas fit in four alternatives; the comparison must have run.
        #expect(withMasks > 1000)
    }

    @Test("too many alternatives, or a slot past 63, fall back to the formula")
    func fallBack() {
        let wide = FieldRequirement.any((0..<5).map { FieldRequirement.field($0) })
        #expect(wide.slotMasks == nil)
        #expect(FieldRequirement.field(70).slotMasks == nil)
        let source = FieldPresence(path: "x.csv", present: (0..<72).map { $0 == 70 })
        #expect(source.bits == nil)
        #expect(source.meets(.field(70), masks: nil))
        #expect(!source.meets(.field(3), masks: FieldRequirement.field(3).slotMasks))
        #expect(FieldRequirement.nothing.slotMasks?.isMet(by: 0) == true)
    }
}
