import PromModel

// OpenMetrics 1.0 text, as Prometheus's openmetricslex.l tokenises it — stricter than the text format:
//   - exactly one space between tokens, none inside `{…}`, no blank lines, no leading blanks;
//   - `#` lines are only `# HELP `, `# TYPE `, `# UNIT ` and the final `# EOF`, after which nothing may follow;
//   - a comma is required between labels (a trailing one is allowed); label values may not hold raw newlines;
//   - timestamps are float seconds; a sample may end with an exemplar `# {labels} value [timestamp]`.

extension ExpositionParser {
    mutating func nextOpenMetrics(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> ExpositionEntry? {
        lineNumber = line
        guard pos < b.count else { throw error("data does not end with \"# EOF\"") }
        let c = b[pos]
        if c == Byte.hash {
            return try openMetricsHashLine(b)
        }
        if c == Byte.braceOpen || isMetricNameStart(c) {
            try openMetricsSeries(b)
            return .series
        }
        throw error("expected a metric name, \"{\" or \"# \" at the start of a line, got \(got(b, pos))")
    }

    private mutating func openMetricsHashLine(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> ExpositionEntry? {
        guard matches(b, pos, "# ") else { throw error("expected \"# \" followed by HELP, TYPE, UNIT or EOF, got \(got(b, pos))") }
        pos += 2
        if matches(b, pos, "EOF") {
            pos += 3
            if pos < b.count, b[pos] == Byte.newline { pos += 1 }
            guard pos == b.count else {
                line += 1
                throw error("unexpected data after \"# EOF\": \(quoteForError(b[pos...]))")
            }
            finished = true
            return nil
        }
        let entry: ExpositionEntry
        let word: String
        if matches(b, pos, "HELP ") {
            entry = .help
            word = "HELP"
        } else if matches(b, pos, "TYPE ") {
            entry = .type
            word = "TYPE"
        } else if matches(b, pos, "UNIT ") {
            entry = .unit
            word = "UNIT"
        } else {
            throw error("expected HELP, TYPE, UNIT or EOF after \"# \", got \(got(b, pos))")
        }
        pos += 5
        try readMetadataName(b, after: word)
        guard pos < b.count, b[pos] == Byte.space else {
            throw error("expected a space and text after the metric name in \(word), got \(got(b, pos))")
        }
        var e = pos + 1
        while e < b.count, b[e] != Byte.newline { e += 1 }
        guard e < b.count else { throw error("data does not end with \"# EOF\"") }
        textRange = (pos + 1)..<e
        pos = e
        switch entry {
        case .type:
            currentType = try openMetricsType(b, textRange)
            lastType = currentType
            lastTypeNameRange = nameRange
            hasTypeFamily = true
        case .help:
            if !isValidUTF8(b, textRange) { throw error("HELP text \(quoteForError(b[textRange])) is not valid UTF-8") }
        default:
            if !isValidUTF8(b, textRange) { throw error("UNIT \(quoteForError(b[textRange])) is not valid UTF-8") }
            let u = textRange
            if !u.isEmpty {
                // The unit must be a suffix of the family name after an underscore: `foo_seconds` / `seconds`.
                let n = nameRange
                let ok = n.count > u.count && b[n.upperBound - u.count - 1] == 0x5F
                    && memEqual(b, (n.upperBound - u.count)..<n.upperBound, u)
                if !ok { throw error("unit \(quoteForError(b[u])) is not a suffix of metric \(quoteForError(b[n]))") }
            }
        }
        endLine(b)
        return entry
    }

    private func openMetricsType(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) throws(ExpositionError) -> MetricType {
        for t in MetricType.allCases where bytesEqual(b, r, t.staticName) { return t }
        throw error(
            "invalid metric type \(quoteForError(b[r])) (want counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown)"
        )
    }

    private mutating func openMetricsSeries(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) {
        let start = pos
        labelOffsets.removeAll(keepingCapacity: true)
        hasExemplar = false
        nameIsSet = false
        if b[pos] != Byte.braceOpen {
            while pos < b.count, isMetricNameChar(b[pos]) { pos += 1 }
            nameRange = start..<pos
            nameIsSet = true
        }
        if pos < b.count, b[pos] == Byte.braceOpen {
            pos += 1
            try openMetricsLabels(b, exemplar: false)
        }
        seriesRange = start..<pos
        guard nameIsSet else { throw error("metric name missing in \(quoteForError(b[seriesRange]))") }

        value = try openMetricsValue(b, after: "metric")
        timestamp = nil
        guard pos < b.count else { throw error("data does not end with \"# EOF\"") }
        if b[pos] == Byte.newline {
            endLine(b)
            return
        }
        if try openMetricsExemplarIfPresent(b) { return }
        guard b[pos] == Byte.space, pos + 1 < b.count, b[pos + 1] != Byte.space, b[pos + 1] != Byte.newline else {
            throw error("expected a single space and a timestamp or exemplar after the value, got \(got(b, pos))")
        }
        pos += 1
        let t = try openMetricsTimestamp(b, what: "timestamp")
        timestamp = t
        guard pos < b.count else { throw error("data does not end with \"# EOF\"") }
        if b[pos] == Byte.newline {
            endLine(b)
            return
        }
        if try openMetricsExemplarIfPresent(b) { return }
        throw error("expected end of line or exemplar after timestamp, got \(got(b, pos))")
    }

    /// Reads ` value` (one space, then up to the next space or newline) and parses it.
    private mutating func openMetricsValue(_ b: UnsafeBufferPointer<UInt8>, after: String) throws(ExpositionError) -> Double {
        guard pos < b.count, b[pos] == Byte.space else {
            if pos >= b.count { throw error("data does not end with \"# EOF\"") }
            throw error("expected a space and a value after \(after), got \(got(b, pos))")
        }
        let s = pos + 1
        var e = s
        while e < b.count, b[e] != Byte.space, b[e] != Byte.newline { e += 1 }
        guard e > s else { throw error("expected value after \(after), got \(got(b, s))") }
        pos = e
        return try sampleValue(b, s..<e, what: "value")
    }

    /// Reads a float-seconds timestamp at `pos` up to the next space or newline; returns milliseconds.
    private mutating func openMetricsTimestamp(_ b: UnsafeBufferPointer<UInt8>, what: String) throws(ExpositionError) -> Int64 {
        let s = pos
        while pos < b.count, b[pos] != Byte.space, b[pos] != Byte.newline { pos += 1 }
        let r = s..<pos
        let seconds = try sampleValue(b, r, what: what)
        guard seconds.isFinite else { throw error("invalid \(what) \(quoteForError(b[r]))") }
        let ms = seconds * 1000
        // Prometheus converts with int64(ts*1000); Swift traps where Go wraps, so refuse what cannot fit.
        guard ms > -9.2e18 && ms < 9.2e18 else { throw error("\(what) \(quoteForError(b[r])) out of range") }
        return Int64(ms)
    }

    /// Parses ` # {labels} value [timestamp]` and the end of the line when it starts at `pos`.
    private mutating func openMetricsExemplarIfPresent(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> Bool {
        guard matches(b, pos, " # {") else { return false }
        pos += 4
        exemplarOffsets.removeAll(keepingCapacity: true)
        try openMetricsLabels(b, exemplar: true)
        exemplarValue = try openMetricsValue(b, after: "exemplar labels")
        exemplarTimestamp = nil
        guard pos < b.count else { throw error("data does not end with \"# EOF\"") }
        if b[pos] == Byte.space {
            pos += 1
            exemplarTimestamp = try openMetricsTimestamp(b, what: "exemplar timestamp")
        }
        guard pos < b.count else { throw error("data does not end with \"# EOF\"") }
        guard b[pos] == Byte.newline else {
            throw error("expected end of line after exemplar, got \(got(b, pos))")
        }
        hasExemplar = true
        endLine(b)
        return true
    }

    /// Parses labels after `{` up to and including `}`: no blanks, commas required between labels.
    private mutating func openMetricsLabels(_ b: UnsafeBufferPointer<UInt8>, exemplar: Bool) throws(ExpositionError) {
        // Literal strings only: interpolating here would allocate for every label.
        let what: StaticString = exemplar ? "exemplar label" : "label"
        let nameWhat = exemplar ? "exemplar label name" : "label name"
        let valueWhat = exemplar ? "exemplar label value" : "label value"
        while true {
            guard pos < b.count else { throw error("expected \(what) name or \"}\", got end of input") }
            let c = b[pos]
            if c == Byte.braceClose {
                pos += 1
                return
            }
            let nameR: Range<Int>
            let quoted: Bool
            if c == Byte.quote {
                nameR = try readQuoted(b, at: pos, allowNewline: false, what: nameWhat)
                quoted = true
            } else if isLabelNameStart(c) {
                let s = pos
                while pos < b.count, isLabelNameChar(b[pos]) { pos += 1 }
                nameR = s..<pos
                quoted = false
            } else {
                throw error("expected \(what) name or \"}\", got \(got(b, pos))")
            }
            if quoted, !exemplar, pos < b.count, b[pos] == Byte.comma || b[pos] == Byte.braceClose {
                if nameIsSet {
                    throw error("metric name given twice: \(quoteForError(b[nameRange])) and \(quoteForError(b[nameR]))")
                }
                if nameR.isEmpty { throw error("empty metric name") }
                nameRange = nameR
                nameIsSet = true
                if b[pos] == Byte.comma { pos += 1 }
                continue
            }
            if nameR.isEmpty { throw error("empty \(what) name") }
            guard pos < b.count, b[pos] == Byte.equal else {
                throw error("expected equal sign after \(what) name \(quoteForError(b[nameR])), got \(got(b, pos))")
            }
            pos += 1
            guard pos < b.count, b[pos] == Byte.quote else {
                throw error("expected quoted \(what) value after \(quoteForError(b[nameR]))=, got \(got(b, pos))")
            }
            let valueR = try readQuoted(b, at: pos, allowNewline: false, what: valueWhat)
            if exemplar {
                // No duplicate check: Prometheus drops a bad exemplar without failing the scrape, and the
                // `exemplar` accessor keeps the first of repeated names.
                exemplarOffsets.append(nameR.lowerBound)
                exemplarOffsets.append(nameR.upperBound)
                exemplarOffsets.append(valueR.lowerBound)
                exemplarOffsets.append(valueR.upperBound)
            } else {
                try checkDuplicate(b, labelOffsets, name: nameR)
                labelOffsets.append(nameR.lowerBound)
                labelOffsets.append(nameR.upperBound)
                labelOffsets.append(valueR.lowerBound)
                labelOffsets.append(valueR.upperBound)
            }
            guard pos < b.count else { throw error("expected \",\" or \"}\" after \(what) value, got end of input") }
            if b[pos] == Byte.comma {
                pos += 1
            } else if b[pos] != Byte.braceClose {
                throw error("expected \",\" or \"}\" after \(what) value, got \(got(b, pos))")
            }
        }
    }
}

extension MetricType {
    /// The spelling in OpenMetrics TYPE lines.
    var staticName: StaticString {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        case .gaugehistogram: "gaugehistogram"
        case .summary: "summary"
        case .info: "info"
        case .stateset: "stateset"
        case .unknown: "unknown"
        }
    }
}
