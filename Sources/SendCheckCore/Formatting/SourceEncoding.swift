/// The text encodings a CSV source may be read in. Excel's "CSV (Comma delimited)" writes Windows-1252.
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
}
