import SendCheckCore
import Testing

/// The inline masks a finding is checked with answer exactly as the formula does.
@Suite("Field requirements as slot masks")
struct FieldRequirementTests {
    struct Mix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func random(_ mix: inout Mix, depth: Int) -> FieldRequirement {
        switch depth == 0 ? mix.next(2) : mix.next(4) {
        case 0: return .nothing
        case 1: return .field(mix.next(8))
        case 2: return .all((0..<(1 + mix.next(3))).map { _ in random(&mix, depth: depth - 1) })
        default: return .any((0..<(1 + mix.next(3))).map { _ in random(&mix, depth: depth - 1) })
        }
    }

    @Test("masks agree with the formula for random requirements and sources")
    func agree() {
        var mix = Mix(state: 11)
        var withMasks = 0
        for _ in 0..<2000 {
            let requirement = Self.random(&mix, depth: 3)
            let present = (0..<8).map { _ in mix.next(3) > 0 }
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
