import PromModel

extension Evaluator {
    func evalBinary(_ b: BinaryExpr, _ ts: Timestamp) throws(PromQLError) -> Value {
        let l = try eval(b.lhs, ts)
        let r = try eval(b.rhs, ts)
        switch (l, r) {
        case (.scalar(let x), .scalar(let y)):
            let (v, keep) = binaryValue(b.op, x, y)
            if b.op.isComparison { return .scalar(keep ? 1 : 0) }
            return .scalar(v)
        case (.vector(let v), .scalar(let s)):
            return .vector(vectorScalar(b.op, v, s, swap: false, returnBool: b.returnBool))
        case (.scalar(let s), .vector(let v)):
            return .vector(vectorScalar(b.op, v, s, swap: true, returnBool: b.returnBool))
        case (.vector(let lv), .vector(let rv)):
            let m = b.matching ?? VectorMatching()
            switch b.op {
            case .and: return .vector(vectorAnd(lv, rv, m))
            case .or: return .vector(vectorOr(lv, rv, m))
            case .unless: return .vector(vectorUnless(lv, rv, m))
            default: return .vector(try vectorBinop(b.op, lv, rv, m, returnBool: b.returnBool))
            }
        default:
            throw PromQLError(.execution, "invalid binary operation between \(b.lhs.type.documented) and \(b.rhs.type.documented)")
        }
    }

    /// The arithmetic result, and for comparisons whether the pair passes.
    func binaryValue(_ op: BinaryOp, _ l: Double, _ r: Double) -> (Double, Bool) {
        switch op {
        case .add: return (l + r, true)
        case .sub: return (l - r, true)
        case .mul: return (l * r, true)
        case .div: return (l / r, true)
        case .mod: return (fmod(l, r), true)
        case .pow: return (pow(l, r), true)
        case .atan2: return (atan2(l, r), true)
        case .eql: return (l, l == r)
        case .neq: return (l, l != r)
        case .gtr: return (l, l > r)
        case .lss: return (l, l < r)
        case .gte: return (l, l >= r)
        case .lte: return (l, l <= r)
        case .and, .or, .unless: return (l, true)
        }
    }

    func vectorScalar(_ op: BinaryOp, _ vec: [VSample], _ s: Double, swap: Bool, returnBool: Bool) -> [VSample] {
        var out: [VSample] = []
        out.reserveCapacity(vec.count)
        let drop = !op.isComparison || returnBool
        for smp in vec {
            if smp.isHistogram {
                let sv = SampleValue.float(s)
                guard let (r, keep) = histogramBinop(op, swap ? sv : smp.value, swap ? smp.value : sv, returnBool: returnBool),
                      keep else { continue }
                out.append(sample(drop && !options.enableDelayedNameRemoval ? smp.labels.droppingName() : smp.labels, r,
                                  dropName: drop ? options.enableDelayedNameRemoval : smp.dropName))
                continue
            }
            var (v, keep) = swap ? binaryValue(op, s, smp.v) : binaryValue(op, smp.v, s)
            // The vector element's value is the result of a filter, whichever side it is on.
            if op.isComparison && swap { v = smp.v }
            if returnBool {
                v = keep ? 1 : 0
                keep = true
            }
            if keep {
                if drop {
                    out.append(dropped(smp.labels, v: v))
                } else {
                    out.append(VSample(labels: smp.labels, v: v, dropName: smp.dropName, hbox: smp.hbox))
                }
            }
        }
        return out
    }

    /// The matching signature: `on` hashes only the listed labels, `ignoring` all but them and `__name__`.
    func signature(_ l: Labels, _ m: VectorMatching) -> Int {
        if m.on { return subsetHash(l) { m.matchingLabels.contains($0) } }
        return subsetHash(l) { $0 != LabelName.metricName && !m.matchingLabels.contains($0) }
    }

    /// The labels a signature covers, for error messages.
    func signatureLabels(_ l: Labels, _ m: VectorMatching) -> [Label] {
        if m.on { return l.filter { m.matchingLabels.contains($0.name) } }
        return l.filter { $0.name != LabelName.metricName && !m.matchingLabels.contains($0.name) }
    }

    func vectorAnd(_ l: [VSample], _ r: [VSample], _ m: VectorMatching) -> [VSample] {
        let sigs = Set(r.map { signature($0.labels, m) })
        return l.filter { sigs.contains(signature($0.labels, m)) }
    }

    func vectorOr(_ l: [VSample], _ r: [VSample], _ m: VectorMatching) -> [VSample] {
        let sigs = Set(l.map { signature($0.labels, m) })
        return l + r.filter { !sigs.contains(signature($0.labels, m)) }
    }

    func vectorUnless(_ l: [VSample], _ r: [VSample], _ m: VectorMatching) -> [VSample] {
        let sigs = Set(r.map { signature($0.labels, m) })
        return l.filter { !sigs.contains(signature($0.labels, m)) }
    }

    func vectorBinop(_ op: BinaryOp, _ lhs: [VSample], _ rhs: [VSample], _ m: VectorMatching,
                     returnBool: Bool) throws(PromQLError) -> [VSample] {
        if m.card == .manyToMany { throw PromQLError(.execution, "many-to-many only allowed for set operators") }
        // The "one" side is indexed by signature; group_right swaps the roles.
        let swapped = m.card == .oneToMany
        let (many, one) = swapped ? (rhs, lhs) : (lhs, rhs)
        var oneIndex: [Int: Int] = [:]
        for (i, s) in one.enumerated() {
            let sig = signature(s.labels, m)
            if let prev = oneIndex[sig] {
                let side = swapped ? "left" : "right"
                throw PromQLError(.execution, "found duplicate series for the match group \(sigString(signatureLabels(s.labels, m))) on the \(side) hand-side of the operation: [\(one[prev].labels), \(s.labels)];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            oneIndex[sig] = i
        }
        var matchedSigs: [Int: Int] = [:]
        var seenResults = Set<LabelsKey>()
        var out: [VSample] = []
        let drop = !op.isComparison || returnBool
        for ms in many {
            let sig = signature(ms.labels, m)
            guard let oi = oneIndex[sig] else { continue }
            let os = one[oi]
            if m.card == .oneToOne {
                if matchedSigs[sig] != nil {
                    throw PromQLError(.execution, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
                matchedSigs[sig] = 1
            }
            var v: Double, keep: Bool
            var hv: HistogramBox? = nil
            if ms.isHistogram || os.isHistogram {
                let (lv, rv) = swapped ? (os.value, ms.value) : (ms.value, os.value)
                guard let (r, k) = histogramBinop(op, lv, rv, returnBool: returnBool) else { continue }
                keep = k
                switch r {
                case .float(let x): v = x
                case .histogram(let h):
                    v = 0
                    hv = HistogramBox(h)
                }
            } else {
                let (lv, rv) = swapped ? (os.v, ms.v) : (ms.v, os.v)
                (v, keep) = binaryValue(op, lv, rv)
                if returnBool {
                    v = keep ? 1 : 0
                    keep = true
                }
            }
            guard keep else { continue }
            var b = ms.labels.builder()
            if drop && !options.enableDelayedNameRemoval { b.filter { !isNameLabel($0.name) } }
            if m.card == .oneToOne {
                if m.on {
                    b.filter { m.matchingLabels.contains($0.name) }
                } else {
                    for n in m.matchingLabels { b.delete(n) }
                }
            }
            for n in m.include {
                let v = os.labels.get(n)
                if v.isEmpty { b.delete(n) } else { b.set(n, v) }
            }
            let metric = b.labels()
            if m.card != .oneToOne {
                if !seenResults.insert(LabelsKey(metric)).inserted {
                    throw PromQLError(.execution, "multiple matches for labels: grouping labels must ensure unique matches")
                }
            }
            out.append(VSample(labels: metric, v: v, dropName: drop ? options.enableDelayedNameRemoval : ms.dropName, hbox: hv))
        }
        return out
    }

    func sigString(_ sig: [Label]) -> String {
        "{" + sig.map { "\($0.name)=\(goQuote($0.value))" }.joined(separator: ", ") + "}"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
