import PromModel

extension Evaluator {
    /// A binary operation where at least one operand is a native histogram. nil: the pair yields
    /// no sample (incompatible types, reported as info like Prometheus does). For comparisons the
    /// second value says whether the pair passes the filter.
    func histogramBinop(_ op: BinaryOp, _ l: SampleValue, _ r: SampleValue, returnBool: Bool) -> (SampleValue, Bool)? {
        var result: (SampleValue, Bool)? = nil
        switch (l, r) {
        case (.histogram(let a), .histogram(let b)):
            switch op {
            case .add, .sub:
                var x = a
                do {
                    let notes = op == .add ? try x.add(b) : try x.subtract(b)
                    if notes.counterResetCollision {
                        annotations.warn("conflicting counter resets during histogram \(op == .add ? "addition" : "subtraction")")
                    }
                } catch {
                    warnCombine(error, metric: nil)
                    return nil
                }
                x.compact()
                result = (.histogram(x), true)
            case .eql: result = (.histogram(a), a.sameValue(as: b))
            case .neq: result = (.histogram(a), !a.sameValue(as: b))
            default: break
            }
        case (.histogram(let a), .float(let f)):
            var x = a
            switch op {
            case .mul:
                x.scale(by: f)
                result = (.histogram(x), true)
            case .div:
                x.divide(by: f)
                result = (.histogram(x), true)
            default: break
            }
        case (.float(let f), .histogram(let b)):
            if op == .mul {
                var x = b
                x.scale(by: f)
                result = (.histogram(x), true)
            }
        case (.float, .float):
            return nil
        }
        guard let res = result else {
            annotations.info("incompatible sample types encountered for binary operator \(goQuote(op.rawValue)): \(kind(l)) \(op.rawValue) \(kind(r))")
            return nil
        }
        if returnBool { return (.float(res.1 ? 1 : 0), true) }
        return res
    }

    func kind(_ v: SampleValue) -> String {
        if case .histogram = v { return "histogram" }
        return "float"
    }
}

extension VSample {
    var value: SampleValue { hbox.map { .histogram($0.h) } ?? .float(v) }
}
