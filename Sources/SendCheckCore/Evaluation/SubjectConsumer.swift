/// Anything that takes subjects one at a time as a source is read (the check accumulator, the SEN2
/// measures), so readers can hand subjects to one consumer per part of a file read in parallel.
public protocol SubjectConsumer: SendableMetatype {
    mutating func add(_ subject: Subject)
}

extension CheckAccumulator: SubjectConsumer {}

extension SEN2Measures: SubjectConsumer {}
