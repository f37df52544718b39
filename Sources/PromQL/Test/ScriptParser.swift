public import PromModel

/// One command of a promqltest script (see promqltest's FORMAT.md).
public enum ScriptCommand: Sendable {
    case load(interval: Int64, series: [LoadSeries], line: Int)
    case clear(line: Int)
    case eval(EvalCommand)
}

public struct LoadSeries: Sendable {
    public var labels: Labels
    /// nil entries are omitted samples (`_`) or histograms.
    public var values: [Double?]
    /// Native histograms by position (nil where `values` holds a float or an omission).
    public var histograms: [ScriptHistogram?] = []
}

/// What an `expect` line (or a legacy `eval_*` variant) asks for.
public struct Expectation: Sendable {
    public enum Kind: String, Sendable { case fail, warn, info, noWarn = "no_warn", noInfo = "no_info", ordered }
    public enum Match: Sendable {
        case any
        case exact(String)
        case regex(String)
    }
    public var kind: Kind
    public var match: Match
}

public struct EvalCommand: Sendable {
    public var query: String
    public var line: Int
    /// Instant: start == end, step 0.
    public var start: Int64
    public var end: Int64
    public var step: Int64
    public var isRange: Bool
    public var expectations: [Expectation] = []
    /// Expected series (labels) or scalar (labels nil) with values per step.
    public var expected: [(labels: Labels?, values: [Double?], histograms: [ScriptHistogram?])] = []
    /// Expected string result.
    public var expectedString: String?
    /// Set when an expected line could not be read (e.g. native histogram values).
    public var problem: String?
}

public struct ScriptError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Parses promqltest scripts: `load`, `clear`, `eval instant|range` with `expect` lines, plus the
/// deprecated `eval_fail`, `eval_warn`, `eval_info`, `eval_ordered` and `expected_fail_*` forms.
public enum ScriptParser {
    public static func parse(_ text: String) throws(ScriptError) -> [ScriptCommand] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cmds: [ScriptCommand] = []
        var i = 0
        func isBody(_ s: String) -> Bool {
            let t = s.trimmingSpaces
            return !t.isEmpty && !t.hasPrefix("#") && (s.first == " " || s.first == "\t")
        }
        while i < lines.count {
            let raw = lines[i]
            let line = raw.trimmingSpaces
            let lineNo = i + 1
            i += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            let cmd = words[0]
            switch cmd {
            case "clear":
                cmds.append(.clear(line: lineNo))
            case "load", "load_with_nhcb":
                guard words.count > 1, let interval = parseTime(words[1].trimmingSpaces) else {
                    throw ScriptError(line: lineNo, message: "invalid load command: \(line)")
                }
                var series: [LoadSeries] = []
                while i < lines.count, isBody(lines[i]) || lines[i].trimmingSpaces.hasPrefix("#") {
                    let body = lines[i].trimmingSpaces
                    i += 1
                    if body.hasPrefix("#") { continue }
                    let (labels, vals, hists) = try parseSeriesLine(body, line: i)
                    series.append(LoadSeries(labels: labels ?? .empty, values: vals, histograms: hists))
                }
                if cmd == "load_with_nhcb" { series.append(contentsOf: NHCBConversion.convert(series)) }
                cmds.append(.load(interval: interval, series: series, line: lineNo))
            case "eval", "eval_fail", "eval_warn", "eval_info", "eval_ordered":
                var ev = try parseEvalHeader(words.count > 1 ? words[1] : "", line: lineNo)
                switch cmd {
                case "eval_fail": ev.expectations.append(Expectation(kind: .fail, match: .any))
                case "eval_warn": ev.expectations.append(Expectation(kind: .warn, match: .any))
                case "eval_info": ev.expectations.append(Expectation(kind: .info, match: .any))
                case "eval_ordered": ev.expectations.append(Expectation(kind: .ordered, match: .any))
                default: break
                }
                while i < lines.count {
                    let body = lines[i].trimmingSpaces
                    if body.isEmpty { break }
                    if body.hasPrefix("#") {
                        i += 1
                        continue
                    }
                    let first = body.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                    if ["load", "clear", "eval", "eval_fail", "eval_warn", "eval_info", "eval_ordered", "load_with_nhcb"].contains(first) { break }
                    i += 1
                    if first == "expect" {
                        ev.expectations.append(try parseExpect(body, line: i))
                    } else if first == "expected_fail_message" {
                        let msg = String(body.dropFirst(first.count)).trimmingSpaces
                        setFail(&ev, .exact(msg))
                    } else if first == "expected_fail_regexp" {
                        let msg = String(body.dropFirst(first.count)).trimmingSpaces
                        setFail(&ev, .regex(msg))
                    } else if body.hasPrefix("\"") || body.hasPrefix("'") || body.hasPrefix("`") {
                        ev.expectedString = unquoteString(body)
                    } else {
                        do {
                            let (labels, vals, hists) = try parseSeriesLine(body, line: i)
                            ev.expected.append((labels, vals, hists))
                        } catch {
                            ev.problem = error.description
                        }
                    }
                }
                cmds.append(.eval(ev))
            default:
                throw ScriptError(line: lineNo, message: "invalid command \(goQuote(cmd))")
            }
        }
        return cmds
    }

    static func setFail(_ ev: inout EvalCommand, _ m: Expectation.Match) {
        ev.expectations.removeAll { $0.kind == .fail }
        ev.expectations.append(Expectation(kind: .fail, match: m))
    }

    static func parseExpect(_ body: String, line: Int) throws(ScriptError) -> Expectation {
        // expect <kind> [msg|regex]: <string>
        var rest = String(body.dropFirst("expect".count)).trimmingSpaces
        var kindWord = rest
        var match = Expectation.Match.any
        if let colon = rest.firstIndex(of: ":") {
            let head = String(rest[..<colon]).trimmingSpaces
            let value = String(rest[rest.index(after: colon)...]).trimmingSpaces
            let parts = head.split(separator: " ").map(String.init)
            kindWord = parts.first ?? ""
            let mt = parts.count > 1 ? parts[1] : ""
            let v = unquoteString(value) ?? value
            match = mt == "regex" ? .regex(v) : .exact(v)
            rest = head
        }
        guard let kind = Expectation.Kind(rawValue: kindWord.split(separator: " ").first.map(String.init) ?? "") else {
            throw ScriptError(line: line, message: "invalid expect line: \(body)")
        }
        return Expectation(kind: kind, match: match)
    }

    static func parseEvalHeader(_ s: String, line: Int) throws(ScriptError) -> EvalCommand {
        let w = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if w.count >= 4, w[0] == "instant", w[1] == "at" {
            guard let t = parseTime(w[2]) else { throw ScriptError(line: line, message: "invalid time \(w[2])") }
            let q = s.drop(prefixWords: 3)
            return EvalCommand(query: q, line: line, start: t, end: t, step: 0, isRange: false)
        }
        if w.count >= 8, w[0] == "range", w[1] == "from", w[3] == "to", w[5] == "step" {
            guard let a = parseTime(w[2]), let b = parseTime(w[4]), let st = parseTime(w[6]) else {
                throw ScriptError(line: line, message: "invalid range eval: \(s)")
            }
            return EvalCommand(query: s.drop(prefixWords: 7), line: line, start: a, end: b, step: st, isRange: true)
        }
        throw ScriptError(line: line, message: "invalid eval command: \(s)")
    }

    /// `1m`, `90s`, `0`, `100` (seconds) → ms.
    static func parseTime(_ s: String) -> Int64? {
        if let d = PromDuration.parse(s) { return d }
        if let v = Double(s) { return Int64((v * 1000).rounded()) }
        return nil
    }

    /// `metric{a="b"} 1+2x3 _ stale`, or a bare value line (`3`) for scalars.
    static func parseSeriesLine(_ s: String, line: Int) throws(ScriptError) -> (Labels?, [Double?], [ScriptHistogram?]) {
        let b = Array(s.utf8)
        var end = 0
        if let first = b.first, first == UInt8(ascii: "{") || isAlpha(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") {
            // A bare "Inf"/"NaN"/"_"/"stale" value line for scalars.
            let word = s.split(separator: " ").first.map(String.init) ?? ""
            if ["inf", "nan", "_", "stale"].contains(word.lowercased()) && !s.contains("{") {
                let (v, h) = try expandValues(s, line: line)
                return (nil, v, h)
            }
            var inString: UInt8 = 0
            var depth = 0
            while end < b.count {
                let c = b[end]
                if inString != 0 {
                    if c == UInt8(ascii: "\\") { end += 1 } else if c == inString { inString = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") {
                    inString = c
                } else if c == UInt8(ascii: "{") {
                    depth += 1
                } else if c == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 {
                        end += 1
                        break
                    }
                } else if depth == 0 && (c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")) {
                    break
                }
                end += 1
            }
            let seriesText = String(decoding: b[0..<end], as: UTF8.self)
            let labels: Labels
            do {
                labels = try parseSeriesLabels(seriesText)
            } catch {
                throw ScriptError(line: line, message: "invalid series \(goQuote(seriesText)): \(error)")
            }
            let rest = String(decoding: b[end...], as: UTF8.self)
            let (v, h) = try expandValues(rest, line: line)
            return (labels, v, h)
        }
        let (v, h) = try expandValues(s, line: line)
        return (nil, v, h)
    }

    /// Expands `a+bxn`, `a-bxn`, `axn`, `_`, `_xn`, `stale` and histogram notation (`{{…}}`,
    /// see `HistogramNotation`); histograms go to the second array at the same positions.
    static func expandValues(_ s: String, line: Int) throws(ScriptError) -> ([Double?], [ScriptHistogram?]) {
        var out: [Double?] = []
        var hists: [ScriptHistogram?] = []
        func pad() { while hists.count < out.count { hists.append(nil) } }
        for tok in splitValueTokens(s) {
            if tok.hasPrefix("{{") {
                pad()
                for h in try HistogramNotation.expand(tok, line: line) {
                    out.append(nil)
                    hists.append(h)
                }
                continue
            }
            if tok == "_" {
                out.append(nil)
                continue
            }
            if tok == "stale" {
                out.append(StaleNaN.value)
                continue
            }
            if let xi = tok.lastIndex(of: "x") {
                guard let n = Int(tok[tok.index(after: xi)...]) else {
                    throw ScriptError(line: line, message: "invalid value \(goQuote(tok))")
                }
                let head = String(tok[..<xi])
                if head == "_" {
                    out.append(contentsOf: Array(repeating: nil, count: n))
                    continue
                }
                var (a, step) = (head, "0")
                var sign = 1.0
                // Split at the last '+' or '-' that is not a leading sign or an exponent sign.
                let chars = Array(head)
                var k = chars.count - 1
                while k > 0 {
                    if (chars[k] == "+" || chars[k] == "-") && chars[k - 1] != "e" && chars[k - 1] != "E" {
                        a = String(chars[0..<k])
                        step = String(chars[(k + 1)...])
                        sign = chars[k] == "-" ? -1 : 1
                        break
                    }
                    k -= 1
                }
                guard var v = parseNumber(a), let d = parseNumber(step) else {
                    throw ScriptError(line: line, message: "invalid value \(goQuote(tok))")
                }
                for _ in 0...n {
                    out.append(v)
                    v += sign * d
                }
                continue
            }
            guard let v = parseNumber(tok) else { throw ScriptError(line: line, message: "invalid value \(goQuote(tok))") }
            out.append(v)
        }
        pad()
        return (out, hists)
    }
}

/// Whitespace-separated tokens, keeping `{{ … }}` histogram literals whole.
func splitValueTokens(_ s: String) -> [String] {
    var out: [String] = []
    var cur = ""
    var depth = 0
    for ch in s {
        if ch == "{" { depth += 1 }
        if ch == "}" { depth -= 1 }
        if (ch == " " || ch == "\t") && depth == 0 {
            if !cur.isEmpty { out.append(cur) }
            cur = ""
        } else {
            cur.append(ch)
        }
    }
    if !cur.isEmpty { out.append(cur) }
    return out
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }

    /// The text after the first `n` space-separated words.
    func drop(prefixWords n: Int) -> String {
        var s = Substring(self)
        for _ in 0..<n {
            while s.first == " " { s.removeFirst() }
            while let f = s.first, f != " " { s.removeFirst() }
        }
        return String(s).trimmingSpaces
    }
}
