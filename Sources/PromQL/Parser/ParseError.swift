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

    /// The first error only, as Prometheus renders its error list; `all` lists every one.
    public var description: String {
        if pos.start < 0 || pos.start > query.utf8.count { return "invalid position: parse error: \(message)" }
        let lc = lineColumn
        return "\(lc.line):\(lc.column): parse error: \(message)"
    }

    /// Every error found, one per line.
    public var all: String {
        ([self] + others).map { e in
            var first = e
            first.others = []
            return first.description
        }.joined(separator: "\n")
    }
}
