/// Anything that takes subjects one at a time as a source is read (the check accumulator, the SEN2
/// measures), so readers can hand subjects to one consumer per part of a file read in parallel.
public protocol SubjectConsumer: SendableMetatype {
    mutating func add(_ subject: Subject)
}

/// A consumer of one part of the input that can take in another part's (read on another core), as
/// if that part's subjects had been added after its own.
public protocol PartialConsumer: SubjectConsumer {
    mutating func absorb(_ other: Self)
}

extension CheckAccumulator: PartialConsumer {}
