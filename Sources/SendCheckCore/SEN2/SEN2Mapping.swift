/// Turns a SEN2 person into case subjects for the statutory rules, field by field as `docs/sen2.md`
/// documents: one subject per request, holding that request's decision, its assessment, the plan it
/// led to and that plan's active-plan details. A plan is thereby matched to the request it came from
/// (the XML nests it there), never to another request of the same child.
///
/// No personal data leaves here: the subject's reference is the person's pseudonymous reference
/// (`SEN2Pseudonym`) and the request's received date; names, UPN, ULN and postcode are not copied,
/// and the date of birth is kept only as a value for the age rules, never in a reference or message.
///
/// A class: the reader holds one per header and reaches it once per person, and a copy of a struct
/// this size would retain and release each of its dozen fields every time.
public final class SEN2Mapping: Sendable {
    public let path: String
    public let schema: Schema
    public let pseudonym: SEN2Pseudonym
    public let header: SEN2Header
    /// The fields a SEN2 return of this layout records (so rules it cannot check are "not checked").
    public let recorded: FieldPresence
    /// For a Blade export: the file of each module (diagnostics name the file a row came from).
    public let files: [SEN2Name: String]
    private let slots: Slots
    /// The statutory pack's value for each SEN2 outcome code, worked out once.
    private let requestOutcomes: [(String, Value)]
    private let assessmentOutcomes: [(String, Value)]
    private let week20Exception: Value?
    private let transferTypes: (school: Value?, post16: Value?)
    /// ReviewOutcome M, A, C as the pack's review_outcome codes keep, amend, cease.
    private let reviewOutcomes: [String: Value]

    /// What became of a person's requests.
    public struct Result {
        /// The person's reference (nil when the person was rejected for having none).
        public var reference: String?
        public var subjects = 0
        public var requestsRead = 0
        public var requestsRejected = 0
        public var invalidValues = 0

        /// Adds this person's requests to a source's counts (every request read is evaluated or rejected).
        public func count(into stats: inout ReadStatistics) {
            stats.rowsRead += requestsRead
            stats.rowsRejected += requestsRejected
            stats.invalidCells += invalidValues
            stats.rowsEvaluated += subjects
            stats.subjects += subjects
        }
    }

    struct Slots {
        var dateOfBirth, received, requestOutcome, requestOutcomeDate, assessmentOutcome, assessmentOutcomeDate: Int?
        var exception, planStart, reviewMeeting, lastReview, amendmentNotice, transferYear, transferType: Int?
        var phaseTransferFinal, ceaseDate, reviewOutcome: Int?

        init(_ schema: Schema) {
            dateOfBirth = schema.slot(of: "date_of_birth")
            received = schema.slot(of: "request_received")
            requestOutcome = schema.slot(of: "request_outcome")
            requestOutcomeDate = schema.slot(of: "request_outcome_date")
            assessmentOutcome = schema.slot(of: "assessment_outcome")
            assessmentOutcomeDate = schema.slot(of: "assessment_outcome_date")
            exception = schema.slot(of: .exception)
            planStart = schema.slot(of: "plan_start")
            reviewMeeting = schema.slot(of: "review_meeting")
            lastReview = schema.slot(of: "last_review")
            amendmentNotice = schema.slot(of: "amendment_notice")
            transferYear = schema.slot(of: "transfer_year")
            transferType = schema.slot(of: "transfer_type")
            phaseTransferFinal = schema.slot(of: "phase_transfer_final")
            ceaseDate = schema.slot(of: "cease_date")
            reviewOutcome = schema.slot(of: "review_outcome")
        }
    }

    public init(path: String, schema: Schema, header: SEN2Header, pseudonym: SEN2Pseudonym, files: [SEN2Name: String] = [:]) {
        self.path = path
        self.files = files
        self.schema = schema
        self.header = header
        self.pseudonym = pseudonym
        let slots = Slots(schema)
        self.slots = slots
        func value(_ field: String, _ word: String) -> Value? {
            guard let slot = schema.slot(of: field), case .code(let set) = schema.fields[slot].type, let i = set.index(of: word) else { return nil }
            return .code(i)
        }
        requestOutcomes = SEN2Codes.requestOutcomeWord.compactMap { code, word in value("request_outcome", word).map { (code, $0) } }
        assessmentOutcomes = SEN2Codes.assessmentOutcomeWord.compactMap { code, word in value("assessment_outcome", word).map { (code, $0) } }
        week20Exception = value("exception", "unspecified")
        transferTypes = (value("transfer_type", "school"), value("transfer_type", "post16"))
        reviewOutcomes = SEN2Codes.reviewOutcomeWord.compactMapValues { value("review_outcome", $0) }
        var present = [Bool](repeating: false, count: schema.fields.count)
        var always = [slots.dateOfBirth, slots.received, slots.requestOutcome, slots.requestOutcomeDate, slots.assessmentOutcome]
        always += [slots.assessmentOutcomeDate, slots.exception, slots.planStart, slots.lastReview, slots.ceaseDate]
        if header.layout >= 2024 { always += [slots.reviewMeeting, slots.reviewOutcome] }
        if header.layout >= 2025 { always += [slots.amendmentNotice, slots.transferYear, slots.transferType, slots.phaseTransferFinal] }
        for case let slot? in always { present[slot] = true }
        recorded = FieldPresence(path: path, present: present)
    }

    /// Whether this mapping maps the persons under `header` as a mapping made for it would: what it
    /// reads of a header is the year (the layout) and the reference date. Cheaper than comparing
    /// headers, which the reader would otherwise do for every person.
    public func serves(_ header: SEN2Header) -> Bool {
        header.year == self.header.year && header.referenceDate == self.header.referenceDate
    }

    /// A subject to fill with `map` for each request, one person after another.
    public func subject() -> Subject {
        var subject = Subject(
            id: "", kind: schema.kind, location: SourceLocation(path: path, line: 1, column: 1),
            values: [Value](repeating: .missing, count: schema.fields.count))
        subject.recorded = recorded
        return subject
    }

    /// The subjects of one person's requests, with every problem found reported at its place.
    public func map(_ person: SEN2Person, diagnostics: inout Diagnostics) -> (result: Result, subjects: [Subject]) {
        var subject = subject()
        var subjects: [Subject] = []
        let result = map(person, into: &subject, diagnostics: &diagnostics) { subjects.append($0) }
        return (result, subjects)
    }

    /// Maps one person's requests, filling `subject` (made by `subject()`) for each and handing it to
    /// `emit`, with every problem found reported at its place.
    public func map(_ person: SEN2Person, into subject: inout Subject, diagnostics: inout Diagnostics, emit: (Subject) -> Void) -> Result {
        var result = Result()
        var check = SEN2Checks(path: path, files: files, referenceDate: header.referenceDate, person: person)
        let requests = Array(person.children(.requests, of: 0))
        result.requestsRead = requests.count
        guard let reference = pseudonym.reference(for: person) else {
            result.requestsRejected = requests.count
            diagnostics.error(
                check.location(0),
                "person rejected: no UPN, ULN, name or birth date to give a stable reference (\(requests.count) request(s) not checked)")
            return result
        }
        result.reference = reference
        let birth = check.date(0, .personBirthDate)
        let birthValue = value(birth, check, in: 0, .personBirthDate)
        var seen: [(Day, Int)] = []
        for (k, request) in requests.enumerated() {
            let received = check.date(request, .receivedDate)
            let id: String
            if let received {
                if let earlier = seen.first(where: { $0.0 == received })?.1 {
                    result.requestsRejected += 1
                    diagnostics.error(
                        check.location(request),
                        "request rejected: a duplicate of the request at line \(person.blocks[earlier].line) (same person, same ReceivedDate \(received))"
                    )
                    continue
                }
                seen.append((received, request))
                id = Self.reference(reference, received)
            } else {
                id = "\(reference)-R\(k + 1)"
            }
            subject.id = id
            subject.location = check.location(request)
            subject.values.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = .missing }
                set(values, slots.dateOfBirth, birthValue)
                mapRequest(request, received: received, into: values, check: &check)
            }
            result.subjects += 1
            emit(subject)
        }
        result.invalidValues = check.invalidValues
        diagnostics.append(contentsOf: check.diagnostics)
        return result
    }

    private func mapRequest(_ request: Int, received: Day?, into values: UnsafeMutableBufferPointer<Value>, check: inout SEN2Checks) {
        let requestOutcome = check.code(request, .requestOutcome, allowed: SEN2Codes.outcomes)
        let requestDate = check.date(request, .requestOutcomeDate)
        check.flags(request)
        check.code(request, .requestSource, allowed: SEN2Codes.requestSources)
        let assessment = check.onlyFirst(.assessment, in: request, "request")
        let assessmentOutcome = assessment.flatMap { check.code($0, .assessmentOutcome, allowed: SEN2Codes.assessmentOutcomes) }
        let assessmentDate = assessment.flatMap { check.date($0, .assessmentOutcomeDate) }
        if let assessment { check.flags(assessment) }
        let d = Decisions(
            request: request, requestOutcome: requestOutcome, requestDate: requestDate, assessment: assessment,
            assessmentOutcome: assessmentOutcome, assessmentDate: assessmentDate)
        // A request decided before the period whose plan was issued within it still counts for the
        // 20 weeks, as the DfE counts plans by issue date.
        let assessmentHistoric = d.assessmentHistoric
        let nothingInPeriod = requestOutcome == "H" && (assessment == nil || assessmentHistoric || assessmentOutcome == nil)
        if !nothingInPeriod {
            set(values, slots.received, value(received, check, in: request, .receivedDate))
            if received == nil, !check.has(.receivedDate, in: request) {
                check.warn(request, "request has no ReceivedDate: its assessment timescales cannot be checked")
            }
        }
        setOutcomes(d, into: values, check: &check)
        if let assessment, !assessmentHistoric {
            switch check.flag(assessment, .week20) {
            case true?: set(values, slots.exception, week20Exception)
            case nil where assessmentOutcome == "Y" && assessmentDate != nil && !check.has(.week20, in: assessment):
                check.warn(assessment, "Week20 is missing for an issued plan: the 20-week exceptions are taken as not applying")
            default: break
            }
        }
        let historic = nothingInPeriod || assessmentHistoric
        warnInconsistent(d, check: &check)
        check.order(request, earlier: (.receivedDate, received), later: (.requestOutcomeDate, requestDate))
        if let assessment {
            check.order(assessment, earlier: (.receivedDate, received), later: (.assessmentOutcomeDate, assessmentDate))
            check.order(assessment, earlier: (.requestOutcomeDate, requestDate), later: (.assessmentOutcomeDate, assessmentDate))
            if let plan = check.onlyFirst(.namedPlan, in: assessment, "assessment") {
                mapPlan(plan, received: historic ? nil : received, into: values, check: &check)
            }
        }
        if let plan = check.onlyFirst(.activePlans, in: request, "request") {
            mapActivePlan(plan, into: values, check: &check)
            let planStart = slots.planStart.map { values[$0] } ?? .missing
            if planStart.isMissing, !(assessmentOutcome == "Y" && assessmentDate != nil) {
                check.warn(plan, "<ActivePlans> without a plan start (NamedPlan StartDate): the annual review cannot be checked")
            }
        }
        if requestOutcome == "N", let a = assessmentOutcome, a == "Y" || a == "N" {
            check.warn(
                request,
                "RequestOutcome N but the assessment went ahead (a refusal overturned?): the refusal closes the 20 weeks, so this request is not in the 20-week checks or measures"
            )
        }
    }

    /// What a request and its assessment record: the outcomes and their dates.
    private struct Decisions {
        let request: Int
        let requestOutcome: String?
        let requestDate: Day?
        let assessment: Int?
        let assessmentOutcome: String?
        let assessmentDate: Day?

        /// H marks a decision made before the collection period (for an assessment, also a plan
        /// transferred in; S, assessed by another LA, is read the same way). Its clock is closed, not
        /// checked: the return holds no date for it.
        var assessmentHistoric: Bool { assessmentOutcome == "H" || assessmentOutcome == "S" }
    }

    /// The request's and the assessment's outcomes and their dates, as values of the case.
    private func setOutcomes(_ d: Decisions, into values: UnsafeMutableBufferPointer<Value>, check: inout SEN2Checks) {
        let (request, requestOutcome, requestDate) = (d.request, d.requestOutcome, d.requestDate)
        let (assessment, assessmentOutcome, assessmentDate) = (d.assessment, d.assessmentOutcome, d.assessmentDate)
        // A (not yet decided) is no value; a code that is not SEN2's is invalid.
        if requestOutcome != "A" {
            let outcome = requestOutcome.flatMap { c in requestOutcomes.first { $0.0 == c }?.1 }
            set(values, slots.requestOutcome, value(outcome, check, in: request, .requestOutcome))
        }
        set(values, slots.requestOutcomeDate, value(requestDate, check, in: request, .requestOutcomeDate))
        if assessmentOutcome != "A" {
            let outcome = assessmentOutcome.flatMap { c in assessmentOutcomes.first { $0.0 == c }?.1 }
            set(values, slots.assessmentOutcome, value(outcome, check, in: assessment, .assessmentOutcome))
        }
        set(values, slots.assessmentOutcomeDate, value(assessmentDate, check, in: assessment, .assessmentOutcomeDate))
    }

    /// Warnings where a request's outcomes and dates disagree (none changes what is checked).
    private func warnInconsistent(_ d: Decisions, check: inout SEN2Checks) {
        let (request, requestOutcome, requestDate) = (d.request, d.requestOutcome, d.requestDate)
        let (assessment, assessmentOutcome, assessmentDate) = (d.assessment, d.assessmentOutcome, d.assessmentDate)
        if let r = requestOutcome, r == "Y" || r == "N", let date = requestDate, d.assessmentHistoric,
            let year = header.activityYear, date.civil.year == year
        {
            check.warn(request, "RequestOutcome \(r) is dated \(date), within the period, but AssessmentOutcome is historical")
        }
        if let r = requestOutcome, r == "Y" || r == "N", requestDate == nil, !check.has(.requestOutcomeDate, in: request) {
            check.warn(request, "RequestOutcome \(r) has no RequestOutcomeDate")
        }
        if assessmentOutcome == "N", assessmentDate == nil, let assessment, !check.has(.assessmentOutcomeDate, in: assessment) {
            check.warn(assessment, "AssessmentOutcome N has no AssessmentOutcomeDate")
        }
    }

    private func mapPlan(_ plan: Int, received: Day?, into values: UnsafeMutableBufferPointer<Value>, check: inout SEN2Checks) {
        let start = check.date(plan, .startDate)
        set(values, slots.planStart, value(start, check, in: plan, .startDate))
        let cease = check.date(plan, .ceaseDate)
        set(values, slots.ceaseDate, value(cease, check, in: plan, .ceaseDate))
        let reason = check.code(plan, .ceaseReason, allowed: SEN2Codes.ceaseReasons)
        if cease != nil, reason == nil, !check.has(.ceaseReason, in: plan) { check.warn(plan, "CeaseDate has no CeaseReason") }
        if reason != nil, cease == nil, !check.has(.ceaseDate, in: plan) { check.warn(plan, "CeaseReason has no CeaseDate") }
        check.order(plan, earlier: (.receivedDate, received), later: (.startDate, start), what: "the plan starts before its request was received")
        check.order(plan, earlier: (.startDate, start), later: (.ceaseDate, cease))
        check.flags(plan)
        for detail in check.person.children(.planDetail, of: plan) { check.setting(detail) }
    }

    private func mapActivePlan(_ active: Int, into values: UnsafeMutableBufferPointer<Value>, check: inout SEN2Checks) {
        let meeting = check.date(active, .reviewMeeting)
        let decision = check.date(active, .lastReview)
        let draft = check.date(active, .reviewDraft)
        let due = check.date(active, .phaseTransferDueDate)
        let final = check.date(active, .phaseTransferFinalDate)
        set(values, slots.reviewMeeting, value(meeting, check, in: active, .reviewMeeting))
        set(values, slots.lastReview, value(decision, check, in: active, .lastReview))
        set(values, slots.amendmentNotice, value(draft, check, in: active, .reviewDraft))
        set(values, slots.phaseTransferFinal, value(final, check, in: active, .phaseTransferFinalDate))
        if let due {
            let c = due.civil
            set(values, slots.transferYear, .int(c.year))
            let post16 = c.month == 3 && c.day == 31
            set(values, slots.transferType, post16 ? transferTypes.post16 : transferTypes.school)
            if !post16 && !(c.month == 2 && c.day == 15) {
                check.warn(active, "PhaseTransferDueDate \(due) is neither 15 February nor 31 March: read as a school transfer in \(c.year)")
            }
        } else if check.filled(.phaseTransferDueDate, in: active) {
            // Recorded but unreadable (already reported): the phase-transfer rule gives `invalid`.
            set(values, slots.transferYear, .invalid)
        }
        if let code = check.code(active, .reviewOutcome, allowed: SEN2Codes.reviewOutcomes) {
            set(values, slots.reviewOutcome, reviewOutcomes[code])
        } else if check.person.filled(.reviewOutcome, in: active) != nil {
            // Recorded but not a SEN2 code (already reported): the rules that read it give `invalid`.
            set(values, slots.reviewOutcome, .invalid)
        }
        if let t = check.person.filled(.transferLA, in: active),
            !check.person.withBytes(t, { $0.count == 3 && $0.allSatisfy { $0 >= 48 && $0 <= 57 } })
        {
            check.invalid(item: t, in: active, "TransferLA: '\(check.person.text(t))' is not a 3-digit LA number")
        }
        check.order(
            active, earlier: (.reviewMeeting, meeting), later: (.lastReview, decision), what: "the review decision is dated before the meeting")
        check.order(active, earlier: (.reviewMeeting, meeting), later: (.reviewDraft, draft))
        for placement in check.person.children(.placementDetail, of: active) {
            check.setting(placement)
            let entry = check.date(placement, .entryDate)
            let leaving = check.date(placement, .leavingDate)
            check.order(placement, earlier: (.entryDate, entry), later: (.leavingDate, leaving))
        }
        for need in check.person.children(.senNeed, of: active) {
            check.code(need, .senType, allowed: SEN2Codes.senTypes)
            check.code(need, .senTypeRank, allowed: SEN2Codes.ranks)
        }
    }

    /// `<person reference>-<yyyymmdd>`, built as bytes (string interpolation costs more per request).
    static func reference(_ person: String, _ day: Day) -> String {
        let c = day.civil
        var digits = c.year * 10000 + c.month * 100 + c.day
        guard digits > 0 && digits < 100_000_000 else { return person + "-" + String(digits) }
        var person = person
        return person.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + 9) { text in
                _ = text.initialize(from: head)
                text[head.count] = UInt8(ascii: "-")
                for i in stride(from: head.count + 8, to: head.count, by: -1) {
                    text[i] = UInt8(48 + digits % 10)
                    digits /= 10
                }
                return head.count + 9
            }
        }
    }

    /// A value read from `block`: what was read, `invalid` when the element holds something that
    /// could not be read (already reported; rules that need it give `invalid`, as for a bad CSV cell),
    /// nil when it is absent or blank.
    private func value(_ read: Day?, _ check: SEN2Checks, in block: Int?, _ name: SEN2Name) -> Value? {
        value(read.map(Value.date), check, in: block, name)
    }

    private func value(_ read: Value?, _ check: SEN2Checks, in block: Int?, _ name: SEN2Name) -> Value? {
        if let read { return read }
        return check.filled(name, in: block) ? .invalid : nil
    }

    private func set(_ values: UnsafeMutableBufferPointer<Value>, _ slot: Int?, _ value: Value?) {
        guard let slot, let value else { return }
        values[slot] = value
    }
}
