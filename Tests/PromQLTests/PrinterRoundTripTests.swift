import Testing
@testable import PromQL

/// Seeded random expressions: parse → print → parse → print must be stable.
struct PrinterRoundTripTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Gen {
        var rng: SplitMix64

        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        mutating func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }

        mutating func selector() -> String {
            var s = pick(["foo", "bar_total", "a:b:c", "{__name__=\"x\"}", "{\"my.metric\"}", "up"])
            if chance(2) {
                let m = pick(["job=\"a\"", "instance!=\"b\"", "path=~\"/api.*\"", "code!~\"5..\"", "\"label.x\"=\"v\""])
                if s.hasSuffix("}") { s.removeLast(); s += ", \(m)}" } else { s += "{\(m)}" }
            }
            return s
        }

        mutating func modifiers() -> String {
            var s = ""
            if chance(4) { s += " offset " + pick(["5m", "-1h30m", "1d"]) }
            if chance(5) { s += pick([" @ 100", " @ start()", " @ end()", " @ 1.5"]) }
            return s
        }

        mutating func vector(_ depth: Int) -> String {
            if depth <= 0 { return selector() + modifiers() }
            switch rng.next() % 9 {
            case 0: return selector() + modifiers()
            case 1: return "rate(" + selector() + "[" + pick(["5m", "1h", "30s"]) + "]" + modifiers() + ")"
            case 2:
                let op = pick(["+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "and", "or", "unless", "atan2"])
                var mod = ""
                if !["and", "or", "unless"].contains(op) && chance(3) { mod = " on (job) group_left (instance)" }
                if ["==", "!=", "<", ">"].contains(op) && chance(2) { mod = " bool" + mod }
                // Operands in parentheses: otherwise precedence can pair a scalar with `on (…)`.
                return "(" + vector(depth - 1) + ") \(op)\(mod) (" + vector(depth - 1) + ")"
            case 3:
                let agg = pick(["sum", "avg", "max", "min", "count", "stddev", "group"])
                let grouping = pick(["", " by (job)", " without (instance, \"a.b\")", " by ()"])
                return "\(agg)\(grouping) (" + vector(depth - 1) + ")"
            case 4: return pick(["topk", "bottomk", "quantile"]) + "(" + scalar() + ", " + vector(depth - 1) + ")"
            case 5: return "(" + vector(depth - 1) + ")"
            case 6: return "-" + vector(depth - 1)
            case 7: return "max_over_time((" + vector(depth - 1) + ")[" + pick(["10m:1m", "1h:", "5m:30s"]) + "]" + modifiers() + ")"
            default: return "(" + vector(depth - 1) + ") " + pick(["*", "+", "-"]) + " " + scalar()
            }
        }

        mutating func scalar() -> String {
            pick(["1", "0.5", "-2", "1e3", "0x10", "Inf", "-Inf", "NaN", "time()", "scalar(up)", "(2 ^ 3 ^ 2)", "1h"])
        }
    }

    @Test(arguments: [1, 2, 3, 42, 1234] as [UInt64])
    func randomRoundTrip(seed: UInt64) throws {
        var g = Gen(rng: SplitMix64(state: seed))
        for _ in 0..<200 {
            let q = g.vector(4)
            let e1: Expr
            do {
                e1 = try parseExpr(q)
            } catch {
                Issue.record("generated query failed to parse: \(q): \(error)")
                continue
            }
            let p1 = e1.description
            let e2 = try parseExpr(p1)
            #expect(e2.description == p1, "\(q)")
            #expect(e2.type == e1.type)
        }
    }
}
