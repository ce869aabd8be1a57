import SendCheckCore
import Testing

@Suite("SEN2 person index")
struct SEN2PersonIndexTests {
    /// References for `count` persons at lines 10, 20, ...; every 97th person repeats the reference
    /// of the person 40 before it (and every 291st repeats it a second time, 80 on).
    static func persons(_ count: Int) -> [(reference: String, line: Int)] {
        var out: [(String, Int)] = []
        for i in 0..<count {
            let reference =
                i >= 80 && i % 291 == 0
                ? out[i - 80].0 : i >= 40 && i % 97 == 0 ? out[i - 40].0 : "P\(String(i &* 2_654_435_761 % 1_000_003, radix: 16))"
            out.append((reference, 10 * (i + 1)))
        }
        return out
    }

    /// Each later person with an earlier one's reference, and the first line with it, by brute force.
    static func expected(_ persons: [(reference: String, line: Int)]) -> [String] {
        var first: [String: Int] = [:]
        var out: [String] = []
        for p in persons {
            if let line = first[p.reference] { out.append("\(p.line)->\(line)") } else { first[p.reference] = p.line }
        }
        return out
    }

    @Test("repeats are found whichever core read them, for small and large returns", arguments: [50, 3000])
    func repeats(count: Int) {
        let persons = Self.persons(count)
        // Two cores: each reads alternate runs of persons and sorts its own index.
        var cores = [SEN2PersonIndex(), SEN2PersonIndex()]
        for (i, p) in persons.enumerated() { cores[(i / 100) % 2].add(p.reference, line: p.line) }
        var index = SEN2PersonIndex()
        for var core in cores {
            core.sort()
            index.absorb(core)
        }
        let found = index.repeats().map { "\($0.line)->\($0.first)" }
        #expect(found == Self.expected(persons))
        #expect(count < 100 || found.count > 20)
    }
}
