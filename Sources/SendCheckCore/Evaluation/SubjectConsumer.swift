/// Anything that takes subjects one at a time as a source is read (the check accumulator, the SEN2
/// measures), so readers can hand subjects to one consumer per part of a file read in parallel.
public protocol SubjectConsumer: SendableMetatype {
    mutating func add(_ subject: Subject)
    /// Called once the part of the input it takes has all been read, on the core that read it: work
    /// that can be done now is then done on every core at once, not after the parts are merged.
    mutating func partRead()
}

extension SubjectConsumer {
    public mutating func partRead() {}
}

extension CheckAccumulator: SubjectConsumer {
    /// Puts each rule's findings in report order, so merging the parts is linear.
    public mutating func partRead() { sortFindings() }
}

extension SEN2Measures: SubjectConsumer {}
