import CYaml

/// Refuses YAML whose anchors and aliases would expand past `limit` values, before Yams composes
/// it. An alias stands for a whole copy of its anchored node, so a few lines of aliases of
/// aliases stand for billions of values ("billion laughs"); Yams hashes every mapping key to
/// find repeated keys, and a key built that way takes it hours (the schedule fuzzer found one
/// in 462 bytes). Configuration files have no need for such sizes: a file expanding to more
/// than `limit` values is refused with the line of the alias that passed it.
enum AliasGuard {
    static let limit = 1_000_000

    struct Refusal: Error {
        let line: Int
        let expanded: Int
    }

    /// Walks the parser's events, counting each node as its expanded size (an alias counts as
    /// its anchor's). Syntax errors are left for the composer to report.
    static func check(_ text: String, limit: Int = limit) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]
            // Open collections: their anchor and the values inside them so far.
            var stack: [(anchor: String?, size: Int)] = []
            var total = 0

            // Adds a value of `size` values to the innermost open collection (sizes reach the
            // outer ones as each collection closes, so every total is checked on the way).
            func add(_ size: Int, line: Int) throws {
                let now: Int
                if stack.isEmpty {
                    total = min(total + size, Int.max / 2)
                    now = total
                } else {
                    stack[stack.count - 1].size = min(stack[stack.count - 1].size + size, Int.max / 2)
                    now = stack[stack.count - 1].size
                }
                if now > limit { throw Refusal(line: line, expanded: now) }
            }
            func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }

            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                    try add(1, line: line)
                case YAML_ALIAS_EVENT:
                    try add(name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1, line: line)
                case YAML_SEQUENCE_START_EVENT:
                    stack.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    stack.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let done = stack.popLast() else { return }
                    if let anchor = done.anchor { sizes[anchor] = done.size }
                    try add(done.size, line: line)
                default:
                    break
                }
            }
        }
    }
}
