import PromModel

extension MemPostings {
    /// Sorted references of series whose labels satisfy every matcher (Prometheus's `PostingsForMatchers`).
    ///
    /// Matchers that reject the empty value select by union of matching values and are intersected.
    /// Matchers that accept the empty value (`!=`, `!~`, `=""`, `=~"|x"`) also accept series without the label,
    /// so they are applied by subtracting the series whose value they reject. With no selecting matcher the
    /// result starts from all series.
    func postings(for matchers: [Matcher]) -> [UInt64] {
        var positive: [[UInt64]] = []
        var negative: [[UInt64]] = []
        for m in matchers {
            if m.matchesEmpty {
                let rejected = rejectedPostings(m)
                if !rejected.isEmpty { negative.append(rejected) }
            } else {
                let selected = selectedPostings(m)
                if selected.isEmpty { return [] }
                positive.append(selected)
            }
        }
        // Intersect small lists first: the result can only shrink.
        positive.sort { $0.count < $1.count }
        var result: [UInt64]
        if let first = positive.first {
            result = first
            for p in positive.dropFirst() {
                result = Postings.intersect(result, p)
                if result.isEmpty { return [] }
            }
        } else {
            result = all()
        }
        for n in negative { result = Postings.subtract(result, n) }
        return result
    }

    /// Series having a value of `m.name` that `m` accepts; `m` must reject the empty value.
    private func selectedPostings(_ m: Matcher) -> [UInt64] {
        switch m.kind {
        case .equal:
            return postings(m.name, m.value)
        case .regexMatch:
            let re = m.regex!
            if let set = re.literalAlternatives { return postings(m.name, values: set) }
            if let prefix = re.literalPrefix { return postings(m.name) { $0.hasPrefix(prefix) && re.matches($0) } }
            return postings(m.name) { re.matches($0) }
        case .notEqual, .regexNoMatch:
            // Reject the empty value only when they are `!=""`-like: select every present value they accept.
            return postings(m.name) { m.matches($0) }
        }
    }

    /// Series having a value of `m.name` that `m` rejects; `m` accepts the empty value.
    private func rejectedPostings(_ m: Matcher) -> [UInt64] {
        switch m.kind {
        case .notEqual:
            return postings(m.name, m.value)
        case .regexNoMatch:
            let re = m.regex!
            if let set = re.literalAlternatives { return postings(m.name, values: set) }
            if let prefix = re.literalPrefix { return postings(m.name) { $0.hasPrefix(prefix) && re.matches($0) } }
            return postings(m.name) { re.matches($0) }
        case .equal, .regexMatch:
            // `=""` rejects every present value; `=~"|foo"` rejects the values it does not match.
            return postings(m.name) { !m.matches($0) }
        }
    }
}
