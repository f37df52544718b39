import PromModel

// The Prometheus text format, as Prometheus's promlex.l tokenises it:
//   - spaces and tabs may surround every token; blank lines are skipped;
//   - `#` followed by blanks and `HELP`/`TYPE` plus blanks starts metadata, any other `#` line is a comment;
//   - a NUL byte where a line starts ends the input (Prometheus's lexer treats it as EOF);
//   - label values and quoted names may span lines; `,` between labels is optional and may trail;
//   - the value runs to the next blank, `{` or newline; the timestamp is `[0-9]+` milliseconds.

extension ExpositionParser {
    mutating func nextText(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> ExpositionEntry? {
        let end = b.count
        while true {
            skipBlanks(b)
            lineNumber = line
            guard pos < end else {
                finished = true
                return nil
            }
            let c = b[pos]
            if c == Byte.newline {
                pos += 1
                line += 1
                continue
            }
            if c == 0 {
                finished = true
                return nil
            }
            if c == Byte.hash { return try textHashLine(b) }
            if c == Byte.braceOpen || isMetricNameStart(c) {
                try textSeries(b)
                return .series
            }
            throw error("expected a metric name, \"{\" or \"#\" at the start of a line, got \(got(b, pos))")
        }
    }

    @inline(__always)
    mutating func skipBlanks(_ b: UnsafeBufferPointer<UInt8>) {
        while pos < b.count, b[pos] == Byte.space || b[pos] == Byte.tab { pos += 1 }
    }

    /// Moves past the end of the current line (the newline, or the end of input).
    @inline(__always)
    mutating func endLine(_ b: UnsafeBufferPointer<UInt8>) {
        if pos < b.count {
            pos += 1
            line += 1
        }
    }

    private mutating func textHashLine(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> ExpositionEntry {
        let start = pos
        pos += 1
        var keyword: ExpositionEntry? = nil
        if pos < b.count, b[pos] == Byte.space || b[pos] == Byte.tab {
            skipBlanks(b)
            if matches(b, pos, "HELP") { keyword = .help } else if matches(b, pos, "TYPE") { keyword = .type }
            if keyword != nil {
                let after = pos + 4
                if after < b.count, b[after] == Byte.space || b[after] == Byte.tab {
                    pos = after
                    skipBlanks(b)
                } else {
                    keyword = nil  // `# HELPER …` or `# HELP` alone is an ordinary comment
                }
            }
        }
        guard let keyword else {
            var e = pos
            while e < b.count, b[e] != Byte.newline { e += 1 }
            textRange = start..<e
            pos = e
            endLine(b)
            return .comment
        }
        let word = keyword == .help ? "HELP" : "TYPE"
        try readMetadataName(b, after: word)
        // The rest of the line is the text. Prometheus's lexer gives a run of blanks alone to the blank rule
        // (so the text is empty) and otherwise drops exactly one leading character.
        var e = pos
        var allBlank = true
        while e < b.count, b[e] != Byte.newline {
            if b[e] != Byte.space && b[e] != Byte.tab { allBlank = false }
            e += 1
        }
        textRange = (allBlank || e == pos) ? e..<e : (pos + 1)..<e
        pos = e
        if keyword == .type {
            currentType = try textMetricType(b, textRange)
            lastType = currentType
            lastTypeNameRange = nameRange
            hasTypeFamily = true
        } else if !isValidUTF8(b, textRange) {
            throw error("HELP text \(quoteForError(b[textRange])) is not valid UTF-8")
        }
        endLine(b)
        return keyword
    }

    /// Reads the metric name of a HELP/TYPE/UNIT line at `pos`: a legacy name or a quoted UTF-8 name.
    mutating func readMetadataName(_ b: UnsafeBufferPointer<UInt8>, after word: String) throws(ExpositionError) {
        guard pos < b.count else { throw error("expected metric name after \(word), got end of input") }
        if b[pos] == Byte.quote {
            nameRange = try readQuoted(b, at: pos, allowNewline: format == .prometheusText, what: "metric name")
            if nameRange.isEmpty { throw error("empty metric name after \(word)") }
        } else if isMetricNameStart(b[pos]) {
            let s = pos
            while pos < b.count, isMetricNameChar(b[pos]) { pos += 1 }
            nameRange = s..<pos
        } else {
            throw error("expected metric name after \(word), got \(got(b, pos))")
        }
    }

    private func textMetricType(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) throws(ExpositionError) -> MetricType {
        if bytesEqual(b, r, "counter") { return .counter }
        if bytesEqual(b, r, "gauge") { return .gauge }
        if bytesEqual(b, r, "histogram") { return .histogram }
        if bytesEqual(b, r, "summary") { return .summary }
        if bytesEqual(b, r, "untyped") { return .unknown }
        throw error("invalid metric type \(quoteForError(b[r])) (want counter, gauge, histogram, summary or untyped)")
    }

    private mutating func textSeries(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) {
        let start = pos
        labelOffsets.removeAll(keepingCapacity: true)
        hasExemplar = false
        nameIsSet = false
        if b[pos] != Byte.braceOpen {
            while pos < b.count, isMetricNameChar(b[pos]) { pos += 1 }
            nameRange = start..<pos
            nameIsSet = true
            seriesRange = start..<pos
            skipBlanks(b)
        }
        if pos < b.count, b[pos] == Byte.braceOpen {
            pos += 1
            try textLabels(b)
            seriesRange = start..<pos
            skipBlanks(b)
        }
        guard nameIsSet else { throw error("metric name missing in \(quoteForError(b[seriesRange]))") }

        let vStart = pos
        while pos < b.count {
            let c = b[pos]
            if c == Byte.space || c == Byte.tab || c == Byte.newline || c == Byte.braceOpen { break }
            pos += 1
        }
        guard pos > vStart else { throw error("expected value after metric, got \(got(b, pos))") }
        value = try sampleValue(b, vStart..<pos, what: "value")

        skipBlanks(b)
        timestamp = nil
        if pos < b.count, isDigit(b[pos]) {
            let tStart = pos
            while pos < b.count, isDigit(b[pos]) { pos += 1 }
            guard let ts = parseDecimalInt64(b, tStart..<pos) else {
                throw error("timestamp \(quoteForError(b[tStart..<pos])) out of range")
            }
            timestamp = ts
            skipBlanks(b)
            guard pos >= b.count || b[pos] == Byte.newline else {
                throw error("expected end of line after timestamp, got \(got(b, pos))")
            }
        } else if pos < b.count && b[pos] != Byte.newline {
            throw error("expected timestamp or end of line after value, got \(got(b, pos))")
        }
        endLine(b)
    }

    /// Parses labels after `{` up to and including `}`.
    private mutating func textLabels(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) {
        while true {
            skipBlanks(b)
            guard pos < b.count else { throw error("expected label name or \"}\", got end of input") }
            let c = b[pos]
            if c == Byte.braceClose {
                pos += 1
                return
            }
            let nameR: Range<Int>
            let quoted: Bool
            if c == Byte.quote {
                nameR = try readQuoted(b, at: pos, allowNewline: true, what: "label name")
                quoted = true
            } else if isLabelNameStart(c) {
                let s = pos
                while pos < b.count, isLabelNameChar(b[pos]) { pos += 1 }
                nameR = s..<pos
                quoted = false
            } else {
                throw error("expected label name or \"}\", got \(got(b, pos))")
            }
            skipBlanks(b)
            if quoted, pos < b.count, b[pos] == Byte.comma || b[pos] == Byte.braceClose {
                // A lone quoted string is the metric name: `{"my.metric", a="b"}`.
                if nameIsSet {
                    throw error("metric name given twice: \(quoteForError(b[nameRange])) and \(quoteForError(b[nameR]))")
                }
                if nameR.isEmpty { throw error("empty metric name") }
                nameRange = nameR
                nameIsSet = true
                if b[pos] == Byte.comma { pos += 1 }
                continue
            }
            if nameR.isEmpty { throw error("empty label name") }
            guard pos < b.count, b[pos] == Byte.equal else {
                throw error("expected equal sign after label name \(quoteForError(b[nameR])), got \(got(b, pos))")
            }
            pos += 1
            skipBlanks(b)
            guard pos < b.count, b[pos] == Byte.quote else {
                throw error("expected quoted label value after \(quoteForError(b[nameR]))=, got \(got(b, pos))")
            }
            let valueR = try readQuoted(b, at: pos, allowNewline: true, what: "label value")
            try checkDuplicate(b, labelOffsets, name: nameR)
            labelOffsets.append(nameR.lowerBound)
            labelOffsets.append(nameR.upperBound)
            labelOffsets.append(valueR.lowerBound)
            labelOffsets.append(valueR.upperBound)
            // Prometheus's text parser makes the comma optional (`{a="1" b="2"}` parses) and allows a trailing one.
            skipBlanks(b)
            if pos < b.count, b[pos] == Byte.comma { pos += 1 }
        }
    }

    /// Parses a sample value with Go's float grammar.
    func sampleValue(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, what: String) throws(ExpositionError) -> Double {
        switch parseGoFloat(b, r) {
        case .value(let v): return v
        case .syntax: throw error("invalid \(what) \(quoteForError(b[r])): not a float")
        case .outOfRange: throw error("\(what) \(quoteForError(b[r])) out of range")
        }
    }

    @inline(__always)
    func matches(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ word: StaticString) -> Bool {
        at + word.utf8CodeUnitCount <= b.count && bytesEqual(b, at..<(at + word.utf8CodeUnitCount), word)
    }
}
