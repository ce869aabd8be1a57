/// Writes a synthetic SEN2 return in the XML of a given year's layout: made-up persons (no real name,
/// UPN or postcode: surnames are "Synthetic", UPNs start with Z, postcodes are ZZ99 9ZZ), with rates
/// calibrated to the national figures for England (domain/timescales.md section 8). Deterministic for
/// a seed, so tests and benchmarks can rely on it.
public struct SyntheticSEN2 {
    /// The return's year (the January census): 2023, 2024, 2025 or 2026.
    public let year: Int
    private var state: UInt64

    public init(seed: UInt64, year: Int) {
        self.year = year
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// The census (reference) date of each return.
    public static func referenceDate(of year: Int) -> Day {
        let days = [2023: 19, 2024: 18, 2025: 16, 2026: 15, 2027: 21]
        return Day(year: year, month: 1, day: days[year] ?? 15) ?? Day(number: 0)
    }

    private var reference: Day { Self.referenceDate(of: year) }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    private mutating func chance(_ perMille: Int) -> Bool { int(0...999) < perMille }

    /// A delay meeting a limit of `limit` days with probability `onTime` per mille.
    private mutating func delay(limit: Int, onTime: Int, early: Int, late: Int) -> Int {
        chance(onTime) ? int(early...limit) : int((limit + 1)...late)
    }

    /// Generates `count` persons, handing the text to `write` in chunks.
    public mutating func generate(count: Int, write: (String) -> Void) {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n"
        out += "  <Header>\n    <CollectionDetails>\n      <Collection>SEN2</Collection>\n      <Year>\(year)</Year>\n"
        out += "      <ReferenceDate>\(reference)</ReferenceDate>\n    </CollectionDetails>\n"
        out += "    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>999</LEA>\n      <SoftwareCode>sendcheck-synthetic</SoftwareCode>\n"
        out += "      <Release>1</Release>\n      <SerialNo>1</SerialNo>\n      <DateTime>\(reference)T09:00:00</DateTime>\n    </Source>\n"
        out += "  </Header>\n  <Persons>\n"
        out.reserveCapacity(1 << 21)
        for i in 0..<count {
            person(i + 1, into: &out)
            if out.utf8.count > 1 << 20 {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += "  </Persons>\n</Message>\n"
        write(out)
    }

    private func element(_ name: String, _ value: some CustomStringConvertible, _ indent: Int, into out: inout String) {
        out += String(repeating: " ", count: indent)
        out += "<\(name)>\(value)</\(name)>\n"
    }

    private mutating func person(_ n: Int, into out: inout String) {
        let collectionStart = Day(year: year - 1, month: 1, day: 1) ?? reference
        let age = int(0...24)
        let birth = reference.adding(days: -(age * 365 + int(30...360)))
        out += "    <Person>\n"
        element("Surname", "Synthetic", 6, into: &out)
        element("Forename", "Person\(n)", 6, into: &out)
        element("PersonBirthDate", birth, 6, into: &out)
        if year >= 2024 {
            element("Sex", chance(720) ? "M" : "F", 6, into: &out)
        } else {
            element("GenderCurrent", chance(720) ? 1 : 2, 6, into: &out)
        }
        element("Ethnicity", ["WBRI", "WOTH", "ABAN", "BAFR", "MWBC", "CHNE", "OOTH"][int(0...6)], 6, into: &out)
        element("PostCode", "ZZ99 9ZZ", 6, into: &out)
        element("UPN", "Z\(String(1_000_000_000_000 + n).dropFirst())", 6, into: &out)
        // Caseload: about three in four persons have a plan from before the collection year.
        if chance(750) {
            existingPlan(collectionStart, into: &out)
        } else {
            // About one in six new requests follows an earlier request, refused before the collection year.
            if chance(160) {
                out += "      <Requests>\n"
                element("ReceivedDate", collectionStart.adding(days: int(-900 ... -400)), 8, into: &out)
                element("RequestOutcome", "H", 8, into: &out)
                out += "      </Requests>\n"
            }
            newRequest(collectionStart, into: &out)
        }
        out += "    </Person>\n"
    }

    private mutating func existingPlan(_ collectionStart: Day, into out: inout String) {
        let start = collectionStart.adding(days: -int(60...3000))
        out += "      <Requests>\n"
        element("ReceivedDate", start.adding(days: -int(100...200)), 8, into: &out)
        element("RequestOutcome", "H", 8, into: &out)
        out += "        <Assessment>\n"
        element("AssessmentOutcome", "H", 10, into: &out)
        out += "          <NamedPlan>\n"
        element("StartDate", start, 12, into: &out)
        element("PB", 0, 12, into: &out)
        let ceased = chance(60)
        if ceased {
            element("CeaseDate", collectionStart.adding(days: int(10...340)), 12, into: &out)
            element("CeaseReason", int(1...9), 12, into: &out)
        }
        planDetail(12, into: &out)
        out += "          </NamedPlan>\n        </Assessment>\n"
        if !ceased { activePlans(start, into: &out) }
        out += "      </Requests>\n"
    }

    private mutating func newRequest(_ collectionStart: Day, into out: inout String) {
        let received = collectionStart.adding(days: int(-250...364))
        out += "      <Requests>\n"
        element("ReceivedDate", received, 8, into: &out)
        if year >= 2025 { element("RequestSource", int(1...5), 8, into: &out) }
        element("RYA", 0, 8, into: &out)
        let decision = received.adding(days: delay(limit: 42, onTime: 848, early: 10, late: 120))
        let pending = decision > reference
        // A decision made before the collection period is recorded as H, without its date.
        let historic = decision < collectionStart
        let outcome = pending ? "A" : chance(30) ? "W" : chance(250) ? "N" : "Y"
        if outcome == "Y" || outcome == "N", !historic { element("RequestOutcomeDate", decision, 8, into: &out) }
        element("RequestOutcome", historic && outcome != "A" ? "H" : outcome, 8, into: &out)
        element("RequestMediation", 0, 8, into: &out)
        element("RequestTribunal", 0, 8, into: &out)
        if outcome == "Y" { assessment(received, decided: decision, into: &out) }
        out += "      </Requests>\n"
    }

    private mutating func assessment(_ received: Day, decided: Day, into out: inout String) {
        out += "        <Assessment>\n"
        let issue = !chance(110)
        let taken = issue ? delay(limit: 140, onTime: 464, early: 80, late: 420) : delay(limit: 112, onTime: 341, early: 60, late: 300)
        let finished = max(received.adding(days: taken), decided.adding(days: 14))
        if finished > reference {
            element("AssessmentOutcome", "A", 10, into: &out)
            out += "        </Assessment>\n"
            return
        }
        element("AssessmentOutcome", issue ? "Y" : "N", 10, into: &out)
        element("AssessmentOutcomeDate", finished, 10, into: &out)
        for name in ["AssessmentMediation", "AssessmentTribunal", "OtherMediation", "OtherTribunal"] { element(name, 0, 10, into: &out) }
        element("Week20", issue && finished.number - received.number > 140 && chance(60) ? 1 : 0, 10, into: &out)
        if issue {
            out += "          <NamedPlan>\n"
            element("StartDate", finished, 12, into: &out)
            element("PB", 0, 12, into: &out)
            planDetail(12, into: &out)
            out += "          </NamedPlan>\n"
        }
        out += "        </Assessment>\n"
        if issue { activePlans(finished, into: &out) }
    }

    private mutating func planDetail(_ indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        out += pad + "<PlanDetail>\n"
        element("URN", 900_000 + int(0...99_999), indent + 2, into: &out)
        element("PlacementRank", 1, indent + 2, into: &out)
        element("SENunitIndicator", 0, indent + 2, into: &out)
        element("ResourcedProvisionIndicator", 0, indent + 2, into: &out)
        out += pad + "</PlanDetail>\n"
    }

    /// Active-plan details: the latest annual review (44.4% of decisions within 4 weeks of the
    /// meeting), a phase transfer for some, a placement and a primary need.
    private mutating func activePlans(_ start: Day, into out: inout String) {
        out += "        <ActivePlans>\n"
        let yearAgo = reference.adding(days: -365)
        if start < yearAgo {
            let meeting = yearAgo.adding(days: int(0...330))
            let decision = meeting.adding(days: delay(limit: 28, onTime: 444, early: 3, late: 120))
            if year >= 2024 {
                element("ReviewMeeting", meeting, 10, into: &out)
                element("ReviewOutcome", ["M", "M", "A", "C"][int(0...3)], 10, into: &out)
            }
            let draft = meeting.adding(days: int(14...40))
            if year >= 2025 && draft <= reference && chance(250) { element("ReviewDraft", draft, 10, into: &out) }
            // Phase transfers of the collection year: due by 15 February (31 March for post-16).
            if year >= 2025 && chance(90) {
                let post16 = chance(150)
                let due = Day(year: year - 1, month: post16 ? 3 : 2, day: post16 ? 31 : 15) ?? reference
                element("PhaseTransferDueDate", due, 10, into: &out)
                element("PhaseTransferFinalDate", due.adding(days: delay(limit: 0, onTime: 700, early: -60, late: 90)), 10, into: &out)
            }
            if decision <= reference { element("LastReview", decision, 10, into: &out) }
        }
        out += "          <PlacementDetail>\n"
        element("URN", 900_000 + int(0...99_999), 12, into: &out)
        element("PlacementRank", 1, 12, into: &out)
        element("EntryDate", start, 12, into: &out)
        element("SENunitIndicator", 0, 12, into: &out)
        element("ResourcedProvisionIndicator", 0, 12, into: &out)
        out += "          </PlacementDetail>\n"
        out += "          <SENneed>\n"
        element("SENtype", ["ASD", "SEMH", "SLCN", "MLD", "SPLD", "PD", "SLD"][int(0...6)], 12, into: &out)
        element("SENtypeRank", 1, 12, into: &out)
        out += "          </SENneed>\n"
        out += "        </ActivePlans>\n"
    }
}
