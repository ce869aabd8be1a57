/// Keeps the subjects with one reference as a source is read (for `explain`).
public struct SubjectFinder: PartialConsumer {
    public let id: String
    public private(set) var found: [Subject] = []

    public init(id: String) { self.id = id }

    public mutating func add(_ subject: Subject) {
        if subject.id == id { found.append(subject) }
    }

    public mutating func absorb(_ other: SubjectFinder) { found += other.found }
}
