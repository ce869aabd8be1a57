import CYaml

/// Finds the first anchor (`&name`) or alias (`*name`) of a YAML text from libyaml's events, before
/// anything is composed: composing a few hundred bytes of nested aliases takes time and memory
/// exponential in their depth, so such a file is refused before it is built.
enum YAMLAliasScan {
    /// The 1-based line and column of the first anchor or alias, if any; nil also when the text is not
    /// valid YAML (the composer then reports the syntax error where it is).
    static func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var copy = text
        return copy.withUTF8 { bytes -> (Int, Int)? in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let found: Bool
                switch event.type {
                case YAML_ALIAS_EVENT: found = true
                case YAML_SCALAR_EVENT: found = event.data.scalar.anchor != nil
                case YAML_SEQUENCE_START_EVENT: found = event.data.sequence_start.anchor != nil
                case YAML_MAPPING_START_EVENT: found = event.data.mapping_start.anchor != nil
                case YAML_STREAM_END_EVENT: return nil
                default: found = false
                }
                if found { return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1) }
            }
            return nil
        }
    }
}
