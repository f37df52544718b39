public import PromModel

/// A native histogram in a promqltest script, and whether the script named its counter reset hint
/// (only then does the comparison check the hint).
public struct ScriptHistogram: Sendable {
    public var h: FloatHistogram
    public var hintSet: Bool
}

/// promqltest's histogram notation: `{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001
/// buckets:[1 2 1] offset:1 n_buckets:[1] n_offset:0 custom_values:[1 2] counter_reset_hint:gauge}}`,
/// optionally followed by `xN` (N+1 copies) or `+{{…}}xN` / `-{{…}}xN` (N+1 values, each adding or
/// subtracting the second histogram from the previous one).
enum HistogramNotation {
    static func expand(_ tok: String, line: Int) throws(ScriptError) -> [ScriptHistogram] {
        let chars = Array(tok)
        var pos = 0
        let first = try literal(chars, &pos, line: line, tok: tok)
        if pos == chars.count { return [first] }
        var sign: Character? = nil
        var delta: ScriptHistogram? = nil
        if chars[pos] == "+" || chars[pos] == "-" {
            sign = chars[pos]
            pos += 1
            delta = try literal(chars, &pos, line: line, tok: tok)
        }
        guard pos < chars.count, chars[pos] == "x", let n = Int(String(chars[(pos + 1)...])), n >= 0 else {
            throw ScriptError(line: line, message: "invalid histogram series \(goQuote(tok))")
        }
        var out: [ScriptHistogram] = []
        out.reserveCapacity(n + 1)
        var cur = first
        for _ in 0...n {
            out.append(cur)
            guard let d = delta else { continue }
            do {
                if sign == "+" { try cur.h.add(d.h) } else { try cur.h.subtract(d.h) }
            } catch {
                throw ScriptError(line: line, message: "invalid histogram series \(goQuote(tok)): \(error)")
            }
            cur.h.compact()
        }
        return out
    }

    /// Reads `{{…}}` at `pos` and moves past it.
    static func literal(_ c: [Character], _ pos: inout Int, line: Int, tok: String) throws(ScriptError) -> ScriptHistogram {
        func bad(_ why: String) -> ScriptError {
            ScriptError(line: line, message: "invalid histogram \(goQuote(tok)): \(why)")
        }
        guard pos + 1 < c.count, c[pos] == "{", c[pos + 1] == "{" else { throw bad("expected {{") }
        pos += 2
        var body = ""
        while pos + 1 < c.count, !(c[pos] == "}" && c[pos + 1] == "}") {
            body.append(c[pos])
            pos += 1
        }
        guard pos + 1 < c.count else { throw bad("missing }}") }
        pos += 2
        var h = FloatHistogram()
        var hintSet = false
        var positive: [Double] = [], negative: [Double] = []
        var offset: Int32 = 0, nOffset: Int32 = 0
        // Lists contain spaces: split on "key:" boundaries instead of whitespace.
        var fields: [(String, String)] = []
        var rest = Substring(body)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { break }
            guard let colon = rest.firstIndex(of: ":") else { throw bad("expected key:value in \(goQuote(String(rest)))") }
            let key = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...].drop { $0 == " " }
            var value = ""
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { throw bad("missing ]") }
                value = String(rest[...close])
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            fields.append((key, value))
        }
        func number(_ s: String) throws(ScriptError) -> Double {
            guard let v = parseNumber(s) else { throw bad("invalid number \(goQuote(s))") }
            return v
        }
        func list(_ s: String) throws(ScriptError) -> [Double] {
            guard s.hasPrefix("["), s.hasSuffix("]") else { throw bad("expected a list, got \(goQuote(s))") }
            var out: [Double] = []
            for w in s.dropFirst().dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                out.append(try number(String(w)))
            }
            return out
        }
        for (k, v) in fields {
            switch k {
            case "schema": h.schema = Int32(try number(v))
            case "sum": h.sum = try number(v)
            case "count": h.count = try number(v)
            case "z_bucket": h.zeroCount = try number(v)
            case "z_bucket_w": h.zeroThreshold = try number(v)
            case "buckets": positive = try list(v)
            case "n_buckets": negative = try list(v)
            case "offset": offset = Int32(try number(v))
            case "n_offset": nOffset = Int32(try number(v))
            case "custom_values": h.customValues = try list(v)
            case "counter_reset_hint":
                hintSet = true
                switch v {
                case "unknown": h.counterResetHint = .unknown
                case "reset": h.counterResetHint = .counterReset
                case "not_reset": h.counterResetHint = .notCounterReset
                case "gauge": h.counterResetHint = .gauge
                default: throw bad("invalid counter_reset_hint \(goQuote(v))")
                }
            default: throw bad("unknown field \(goQuote(k))")
            }
        }
        h.positiveOffset = offset
        h.positive = positive
        h.negativeOffset = nOffset
        h.negative = negative
        h.compact()
        return ScriptHistogram(h: h, hintSet: hintSet)
    }

    /// The notation back, for failure messages.
    static func describe(_ h: FloatHistogram) -> String {
        var parts: [String] = []
        if h.schema != 0 { parts.append("schema:\(h.schema)") }
        parts.append("count:\(formatFloat(h.count))")
        parts.append("sum:\(formatFloat(h.sum))")
        if h.zeroCount != 0 { parts.append("z_bucket:\(formatFloat(h.zeroCount))") }
        if h.zeroThreshold != 0 { parts.append("z_bucket_w:\(formatFloat(h.zeroThreshold))") }
        if !h.customValues.isEmpty { parts.append("custom_values:[\(h.customValues.map(formatFloat).joined(separator: " "))]") }
        if h.positiveOffset != 0 { parts.append("offset:\(h.positiveOffset)") }
        if !h.positive.isEmpty { parts.append("buckets:[\(h.positive.map(formatFloat).joined(separator: " "))]") }
        if h.negativeOffset != 0 { parts.append("n_offset:\(h.negativeOffset)") }
        if !h.negative.isEmpty { parts.append("n_buckets:[\(h.negative.map(formatFloat).joined(separator: " "))]") }
        switch h.counterResetHint {
        case .unknown: break
        case .counterReset: parts.append("counter_reset_hint:reset")
        case .notCounterReset: parts.append("counter_reset_hint:not_reset")
        case .gauge: parts.append("counter_reset_hint:gauge")
        }
        return "{{" + parts.joined(separator: " ") + "}}"
    }
}
