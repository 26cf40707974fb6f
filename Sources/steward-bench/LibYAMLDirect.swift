import CLibYAML

/// libyaml's event parser called straight through its C API, with no Swift wrapper:
/// the floor under `YAMLEventReader.countEvents`, to show what the wrapper itself costs.
enum LibYAMLDirect {
    /// The number of events in `bytes`, or nil when libyaml reports an error.
    static func countEvents(_ bytes: [UInt8]) -> Int? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { return nil }
        defer { yaml_parser_delete(parser) }
        return bytes.withUnsafeBufferPointer { input -> Int? in
            yaml_parser_set_input_string(parser, input.baseAddress, input.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var count = 0
            while true {
                guard yaml_parser_parse(parser, event) == 1 else { return nil }
                count += 1
                let done = event.pointee.type == YAML_STREAM_END_EVENT
                yaml_event_delete(event)
                if done { return count }
            }
        }
    }
}
