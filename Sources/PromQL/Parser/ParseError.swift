/// A syntax or type error in a PromQL query, rendered as Prometheus renders it:
/// `1:6: parse error: expected type range vector in call to function "rate", got instant vector`.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var query: String
    public var pos: PosRange
    public var message: String
    /// Further errors found in the same query (type errors are all reported, as Prometheus does).
    public var others: [ParseError] = []

    public init(query: String, pos: PosRange, message: String) {
        self.query = query
        self.pos = pos
        self.message = message
    }

    /// All errors as one, in order; each renders on its own line.
    static func combined(_ errs: [ParseError]) -> ParseError {
        var first = errs[0]
        first.others = Array(errs.dropFirst())
        return first
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
        var s: String
        if pos.start < 0 || pos.start > query.utf8.count {
            s = "invalid position: parse error: \(message)"
        } else {
            let lc = lineColumn
            s = "\(lc.line):\(lc.column): parse error: \(message)"
        }
        for o in others { s += "\n" + o.description }
        return s
    }
}
