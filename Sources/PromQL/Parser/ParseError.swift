/// A syntax or type error in a PromQL query, rendered as Prometheus renders it:
/// `1:6: parse error: expected type range vector in call to function "rate", got instant vector`.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var query: String
    public var pos: PosRange
    public var message: String

    public init(query: String, pos: PosRange, message: String) {
        self.query = query
        self.pos = pos
        self.message = message
    }

    /// 1-based line and byte column of the error's start.
    public var lineColumn: (line: Int, column: Int) {
        var line = 1
        var lastBreak = -1
        for (i, b) in query.utf8.enumerated() where i < pos.start {
            if b == UInt8(ascii: "\n") {
                line += 1
                lastBreak = i
            }
        }
        return (line, pos.start - lastBreak)
    }

    public var description: String {
        if pos.start < 0 || pos.start > query.utf8.count { return "invalid position: parse error: \(message)" }
        let lc = lineColumn
        return "\(lc.line):\(lc.column): parse error: \(message)"
    }
}
