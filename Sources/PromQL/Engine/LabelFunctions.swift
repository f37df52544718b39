import PromModel

extension Evaluator {
    func labelReplace(_ c: Call, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        let v = try vectorArg(c.args[0], ts)
        let dst = try stringArg(c.args[1], ts), repl = try stringArg(c.args[2], ts)
        let src = try stringArg(c.args[3], ts), pattern = try stringArg(c.args[4], ts)
        let re: Regex<AnyRegexOutput>
        do {
            _ = try PromRegex(pattern)
            re = try Regex("^(?s:" + pattern + ")$")
        } catch {
            throw PromQLError(.execution, "invalid regular expression in label_replace(): \(pattern)")
        }
        guard LabelName.isValid(dst), !hasInvalidUTF8(c.args[1]) else {
            throw PromQLError(.execution, "invalid destination label name in label_replace(): \(dst)")
        }
        var out: [VSample] = []
        for s in v {
            let value = s.labels.get(src)
            guard let m = try? re.wholeMatch(in: value) else {
                out.append(s)
                continue
            }
            let res = expandTemplate(repl, m.output)
            var b = s.labels.builder()
            b.set(dst, res)
            out.append(VSample(labels: b.labels(), v: s.v, dropName: s.dropName && dst != LabelName.metricName, hbox: s.hbox))
        }
        return try unique(out)
    }

    func labelJoin(_ c: Call, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        let v = try vectorArg(c.args[0], ts)
        let dst = try stringArg(c.args[1], ts), sep = try stringArg(c.args[2], ts)
        var srcs: [String] = []
        for a in c.args.dropFirst(3) {
            let n = try stringArg(a, ts)
            guard LabelName.isValid(n) else { throw PromQLError(.execution, "invalid source label name in label_join(): \(n)") }
            srcs.append(n)
        }
        guard LabelName.isValid(dst) else {
            throw PromQLError(.execution, "invalid destination label name in label_join(): \(dst)")
        }
        var out: [VSample] = []
        for s in v {
            var b = s.labels.builder()
            b.set(dst, srcs.map { s.labels.get($0) }.joined(separator: sep))
            out.append(VSample(labels: b.labels(), v: s.v, dropName: s.dropName && dst != LabelName.metricName, hbox: s.hbox))
        }
        return try unique(out)
    }

    /// `info(v [, data-label-selector])`: adds the data labels of matching info series (default
    /// `target_info`), joined on the identifying labels `instance` and `job`.
    func info(_ c: Call, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        let v = try vectorArg(c.args[0], ts)
        var matchers: [Matcher] = []
        if c.args.count > 1, case .vectorSelector(let sel) = c.args[1] { matchers = sel.matchers }
        let hasName = matchers.contains { $0.name == LabelName.metricName }
        let dataMatchers = matchers.filter { $0.name != LabelName.metricName }
        var selMatchers = matchers
        if !hasName { selMatchers.append(Matcher.equal(LabelName.metricName, "target_info")) }
        let identifying = ["instance", "job"]
        let sel = VectorSelector(name: nil, matchers: selMatchers, pos: PosRange(0, 0))
        // Newest info series first: when data labels conflict, the latest sample wins, as in Prometheus.
        let infos = try selectInstant(sel, ts).sorted { $0.sample.t > $1.sample.t }
        var out: [VSample] = []
        for s in v {
            do {
                var b = s.labels.builder()
                var matched = false
                for inf in infos where identifying.allSatisfy({ inf.labels.get($0) == s.labels.get($0) }) {
                    var ok = true
                    for m in dataMatchers where !m.matches(inf.labels.get(m.name)) { ok = false }
                    guard ok else { continue }
                    matched = true
                    for l in inf.labels where l.name != LabelName.metricName && !identifying.contains(l.name) {
                        if !dataMatchers.isEmpty && !dataMatchers.contains(where: { $0.name == l.name }) { continue }
                        if s.labels.get(l.name).isEmpty { b.set(l.name, l.value) }
                    }
                }
                if !matched && !dataMatchers.isEmpty && !dataMatchers.allSatisfy({ $0.matchesEmpty }) { continue }
                out.append(VSample(labels: b.labels(), v: s.v, dropName: s.dropName, hbox: s.hbox))
            }
        }
        return try unique(out)
    }
}

/// Go's `Regexp.ExpandString`: `$1`, `${1}`, `$name`, `${name}`, `$$`.
func expandTemplate(_ tmpl: String, _ out: AnyRegexOutput) -> String {
    let t = Array(tmpl.unicodeScalars)
    var res = String.UnicodeScalarView()
    var i = 0
    func isNameChar(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 48 && s.value <= 57) || (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122) || s == "_"
    }
    func group(_ name: String) -> String {
        if let n = Int(name) {
            guard n < out.count, let sub = out[n].substring else { return "" }
            return String(sub)
        }
        guard let e = out[name], let sub = e.substring else { return "" }
        return String(sub)
    }
    while i < t.count {
        if t[i] != "$" {
            res.append(t[i])
            i += 1
            continue
        }
        i += 1
        guard i < t.count else {
            res.append("$")
            break
        }
        if t[i] == "$" {
            res.append("$")
            i += 1
        } else if t[i] == "{" {
            var j = i + 1
            while j < t.count && isNameChar(t[j]) { j += 1 }
            if j < t.count && t[j] == "}" && j > i + 1 {
                res.append(contentsOf: group(String(String.UnicodeScalarView(t[(i + 1)..<j]))).unicodeScalars)
                i = j + 1
            } else {
                res.append("$")
            }
        } else {
            var j = i
            while j < t.count && isNameChar(t[j]) { j += 1 }
            if j == i {
                res.append("$")
            } else {
                res.append(contentsOf: group(String(String.UnicodeScalarView(t[i..<j]))).unicodeScalars)
                i = j
            }
        }
    }
    return String(res)
}
