import PromModel
import Storage

/// Outcome of running one promqltest script.
public struct ScriptReport: Sendable {
    public var name: String
    public var passed = 0
    public var failed = 0
    /// One message per failed eval: line, query, expected vs got.
    public var failures: [String] = []

    public var summary: String { "\(name): \(passed) passed, \(failed) failed" }
}

/// Runs promqltest scripts against the engine over a fresh `MemoryStorage`.
///
/// Engine settings follow promqltest's: experimental functions on, 5m lookback, 1m default subquery step.
public struct ScriptRunner: Sendable {
    public var engine: Engine

    public init(options: EngineOptions = EngineOptions(maxSamples: 50_000_000, enableExperimentalFunctions: true,
                                                         enableDelayedNameRemoval: true)) {
        self.engine = Engine(options: options)
    }

    public func run(script: String, name: String) async -> ScriptReport {
        var report = ScriptReport(name: name)
        let cmds: [ScriptCommand]
        do {
            cmds = try ScriptParser.parse(script)
        } catch {
            // Fall back to parsing command by command would hide errors; count the script as one failure.
            report.failed = 1
            report.failures.append("\(name): \(error)")
            return report
        }
        let storage = MemoryStorage()
        for cmd in cmds {
            switch cmd {
            case .clear:
                storage.clear()
            case .load(let interval, let series, _):
                for s in series {
                    var samples: [Sample] = []
                    for (i, v) in s.values.enumerated() {
                        if let v { samples.append(Sample(t: Int64(i) * interval, v: v)) }
                    }
                    storage.add(s.labels, samples)
                    var hs: [HistogramSample] = []
                    for (i, h) in s.histograms.enumerated() {
                        if let h { hs.append(HistogramSample(t: Int64(i) * interval, h: h.h)) }
                    }
                    storage.addHistograms(s.labels, hs)
                }
            case .eval(let ev):
                if let problem = await check(ev, storage) {
                    report.failed += 1
                    report.failures.append("\(name):\(ev.line): \(ev.query)\n\(problem)")
                } else {
                    report.passed += 1
                }
            }
        }
        return report
    }

    /// nil when the eval passes, else what went wrong.
    func check(_ ev: EvalCommand, _ storage: MemoryStorage) async -> String? {
        if let problem = ev.problem { return "  unsupported expectation: \(problem)" }
        let result: QueryResult
        do {
            if ev.isRange {
                result = try await engine.rangeQuery(ev.query, start: ev.start, end: ev.end, step: ev.step, queryable: storage)
            } else {
                result = try await engine.instantQuery(ev.query, at: ev.start, queryable: storage)
            }
        } catch {
            guard let fail = ev.expectations.first(where: { $0.kind == .fail }) else {
                return "  unexpected error: \(error.message)"
            }
            return matches(fail.match, [error.message]) ? nil
                : "  expected error matching \(fail.match), got: \(error.message)"
        }
        if ev.expectations.contains(where: { $0.kind == .fail }) {
            return "  expected the query to fail, got \(describe(result.value))"
        }
        if let p = checkAnnotations(ev, result) { return p }
        return compare(ev, result.value)
    }

    func matches(_ m: Expectation.Match, _ msgs: [String]) -> Bool {
        switch m {
        case .any: return !msgs.isEmpty
        case .exact(let s): return msgs.contains(s)
        case .regex(let r):
            guard let re = try? Regex(r) else { return false }
            return msgs.contains { (try? re.firstMatch(in: $0)) != nil }
        }
    }

    func checkAnnotations(_ ev: EvalCommand, _ r: QueryResult) -> String? {
        for (kind, msgs, noKind) in [(Expectation.Kind.warn, r.warnings, Expectation.Kind.noWarn),
                                     (.info, r.infos, .noInfo)] {
            let exps = ev.expectations.filter { $0.kind == kind }
            for e in exps where !matches(e.match, msgs) {
                return "  expected \(kind.rawValue) annotation matching \(e.match), got \(msgs)"
            }
            // With explicit messages, every annotation of that kind must be expected.
            if exps.contains(where: { if case .any = $0.match { return false } else { return true } }) {
                for m in msgs where !exps.contains(where: { matches($0.match, [m]) }) {
                    return "  unexpected \(kind.rawValue) annotation: \(m)"
                }
            }
            if ev.expectations.contains(where: { $0.kind == noKind }) && !msgs.isEmpty {
                return "  expected no \(kind.rawValue) annotations, got \(msgs)"
            }
        }
        return nil
    }

    func describe(_ v: QueryValue) -> String {
        switch v {
        case .scalar(_, let x): return "scalar \(formatFloat(x))"
        case .string(_, let s): return "string \(goQuote(s))"
        case .vector(let vec):
            return "vector:\n" + vec.map { "    \($0.labels) \($0.h.map(HistogramNotation.describe) ?? formatFloat($0.v))" }.joined(separator: "\n")
        case .matrix(let m):
            return "matrix:\n" + m.map {
                "    \($0.labels) " + $0.samples.map { "\(formatFloat($0.v))@\($0.t)" }.joined(separator: " ")
                    + $0.histograms.map { " \(HistogramNotation.describe($0.h))@\($0.t)" }.joined()
            }.joined(separator: "\n")
        }
    }

    func expectedDescription(_ ev: EvalCommand) -> String {
        ev.expected.map { e in
            "    \(e.labels?.description ?? "") " + e.values.enumerated().map { i, v in
                if i < e.histograms.count, let h = e.histograms[i] { return HistogramNotation.describe(h.h) }
                return v.map(formatFloat) ?? "_"
            }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    func compare(_ ev: EvalCommand, _ v: QueryValue) -> String? {
        let mismatch = { "  expected:\n\(expectedDescription(ev))\n  got \(describe(v))" }
        switch v {
        case .string(_, let s):
            return ev.expectedString == s ? nil : "  expected string \(ev.expectedString.map(goQuote) ?? "none"), got \(goQuote(s))"
        case .scalar(_, let x):
            if !ev.isRange {
                guard ev.expected.count == 1, ev.expected[0].labels == nil, ev.expected[0].values.count == 1,
                      let e = ev.expected[0].values[0], floatsEqual(e, x) else { return mismatch() }
                return nil
            }
            return mismatch()
        case .vector(let vec):
            if ev.expected.count != vec.count { return mismatch() }
            let ordered = ev.expectations.contains { $0.kind == .ordered }
            for (i, exp) in ev.expected.enumerated() {
                guard exp.values.count == 1 else { return mismatch() }
                let lbl = exp.labels ?? .empty
                let gotSample = ordered ? (vec[i].labels == lbl ? vec[i] : nil) : vec.first(where: { $0.labels == lbl })
                guard let got = gotSample else { return mismatch() }
                if let wantH = exp.histograms.first ?? nil {
                    guard let h = got.h, histogramsEqual(wantH, h) else { return mismatch() }
                } else {
                    guard let want = exp.values[0], got.h == nil, floatsEqual(want, got.v) else { return mismatch() }
                }
            }
            return nil
        case .matrix(let m):
            // Range queries produce matrices; a scalar range result has empty labels.
            let nonEmpty = ev.expected.filter { $0.values.contains { $0 != nil } || $0.histograms.contains { $0 != nil } }
            if nonEmpty.count != m.count { return mismatch() }
            for exp in nonEmpty {
                let lbl = exp.labels ?? .empty
                guard let got = m.first(where: { $0.labels == lbl }) else { return mismatch() }
                if !histogramPointsMatch(ev, exp.histograms, got.histograms) { return mismatch() }
                var want: [Sample] = []
                if ev.isRange {
                    for (i, x) in exp.values.enumerated() {
                        if let x { want.append(Sample(t: ev.start + Int64(i) * ev.step, v: x)) }
                    }
                    guard want.count == got.samples.count else { return mismatch() }
                    for (a, b) in zip(want, got.samples) where a.t != b.t || !floatsEqual(a.v, b.v) { return mismatch() }
                } else {
                    let vals = exp.values.compactMap { $0 }
                    guard vals.count == got.samples.count else { return mismatch() }
                    for (a, b) in zip(vals, got.samples) where !floatsEqual(a, b.v) { return mismatch() }
                }
            }
            return nil
        }
    }

    /// promqltest's comparison: NaN equals NaN, otherwise relative epsilon 1e-6.
    func floatsEqual(_ a: Double, _ b: Double) -> Bool {
        if StaleNaN.isStale(a) || StaleNaN.isStale(b) { return StaleNaN.isStale(a) == StaleNaN.isStale(b) }
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        return almostEqual(a, b, 1e-6)
    }
}
