/// The `sen2:` section of the configuration.
public struct SEN2Settings: Sendable, Equatable {
    /// SEN2 XML returns or Blade CSV export folders.
    public var returns: [String] = []
    /// The key of the pseudonymous person references (the SENDCHECK_SEN2_KEY environment variable
    /// takes precedence, so a real key need not be written in a file under version control).
    public var key: String?
    public var keyLocation: SourceLocation?
    /// The element (XML) or column (Blade) holding the council's own person id, used as the reference.
    public var personID: String?

    public init() {}
}
