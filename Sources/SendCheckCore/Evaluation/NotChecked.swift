/// A rule that could not be checked for a source's subjects: the source does not record its end event.
public struct NotChecked: Sendable, Equatable {
    public var rule: String
    public var path: String
    public var missing: [String]
    public var subjects: Int
}
