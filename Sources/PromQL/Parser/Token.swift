/// A byte range `[start, end)` in the query text; errors report `start` as line:column.
public struct PosRange: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
}

/// Lexical token kinds. Keywords are not separate kinds: the parser decides from context whether an
/// identifier is a keyword, which lets label names like `by` or `on` appear inside braces.
enum TokenKind: Sendable, Equatable {
    case eof
    case identifier        // foo, sum, by, offset, inf (words, keywords decided by the parser)
    case metricIdentifier  // a word containing ':' (recording-rule style names)
    case number
    case duration
    case string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at
    case assign            // =
    case eql, neq, eqlRegex, neqRegex, lss, gtr, lte, gte
    case add, sub, mul, div, mod, pow

    /// How Prometheus names the token in "unexpected …" messages.
    var description: String {
        switch self {
        case .eof: return "end of input"
        case .identifier: return "identifier"
        case .metricIdentifier: return "metric identifier"
        case .number: return "number"
        case .duration: return "duration"
        case .string: return "string"
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .leftBrace: return "\"{\""
        case .rightBrace: return "\"}\""
        case .leftBracket: return "\"[\""
        case .rightBracket: return "\"]\""
        case .comma: return "\",\""
        case .colon: return "\":\""
        case .at: return "\"@\""
        case .assign: return "\"=\""
        case .eql: return "\"==\""
        case .neq: return "\"!=\""
        case .eqlRegex: return "\"=~\""
        case .neqRegex: return "\"!~\""
        case .lss: return "\"<\""
        case .gtr: return "\">\""
        case .lte: return "\"<=\""
        case .gte: return "\">=\""
        case .add: return "\"+\""
        case .sub: return "\"-\""
        case .mul: return "\"*\""
        case .div: return "\"/\""
        case .mod: return "\"%\""
        case .pow: return "\"^\""
        }
    }
}

struct Token: Sendable {
    var kind: TokenKind
    /// The raw source text of the token (for strings: including quotes).
    var text: String
    var pos: PosRange

    /// Prometheus's wording in "unexpected <token>" messages (its `Item.desc()`): `identifier "foo"`,
    /// `<op:+>`, `<by>`, `<aggr:sum>`, `"("`, `end of input`.
    var quoted: String {
        switch kind {
        case .eof: return "end of input"
        case .identifier:
            let lower = text.lowercased()
            if ["and", "or", "unless", "atan2"].contains(lower) { return "<op:\(text)>" }
            if Token.keywords.contains(lower) { return "<\(text)>" }
            if AggregateOp(rawValue: lower) != nil { return "<aggr:\(text)>" }
            return "identifier \(goQuote(text))"
        case .metricIdentifier: return "metric identifier \(goQuote(text))"
        case .number, .duration, .string:
            let bytes = Array(text.utf8)
            let shown = bytes.count > 10 ? goQuote(String(decoding: bytes[0..<10], as: UTF8.self)) + "..." : goQuote(text)
            return "\(kind.description) \(shown)"
        case .add, .sub, .mul, .div, .mod, .pow, .eql, .neq, .lss, .gtr, .lte, .gte, .eqlRegex, .neqRegex:
            return "<op:\(text)>"
        default: return kind.description
        }
    }

    static let keywords: Set<String> = [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "start", "end",
    ]
}

/// Go's `%q` for plain text: double quotes with backslash escapes.
func goQuote(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if ch.value < 0x20 || ch.value == 0x7F {
                let hex = String(ch.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out + "\""
}
