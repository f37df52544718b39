/// Why a scrape body could not be parsed: where parsing stopped and what was wrong there.
///
/// Text bodies report the 1-based line, and messages quote the offending input the way Go's `%q` does, e.g.
/// `line 12: expected equal sign after label name, got "}"`. Protobuf bodies have no lines: they report the
/// byte offset of the message being decoded, e.g. `protobuf byte 310: truncated varint in Histogram`.
public struct ExpositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line (text formats); 0 for protobuf bodies.
    public var line: Int
    public var reason: String
    /// The byte offset in a protobuf body; nil for the text formats.
    public var byteOffset: Int?

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public init(byteOffset: Int, reason: String) {
        self.line = 0
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String {
        if let byteOffset { return "protobuf byte \(byteOffset): \(reason)" }
        return "line \(line): \(reason)"
    }
}

/// Quotes bytes for an error message: printable ASCII as is, common escapes, other bytes as `\xNN`,
/// valid multi-byte UTF-8 kept. Long inputs are cut with "…".
func quoteForError(_ bytes: some Collection<UInt8>, limit: Int = 40) -> String {
    var out = "\""
    var scalars = String(decoding: bytes.prefix(limit), as: UTF8.self).unicodeScalars.makeIterator()
    while let s = scalars.next() {
        switch s {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\u{FFFD}": out += "\\ufffd"
        default:
            if s.value < 0x20 || s.value == 0x7F {
                let hex = String(s.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(s)
            }
        }
    }
    out += bytes.count > limit ? "…\"" : "\""
    return out
}
