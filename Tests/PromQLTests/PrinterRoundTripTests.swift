import Foundation
import Testing
@testable import PromQL

/// Seeded random expressions: parse → print → parse gives the same AST (positions aside), and printing is
/// stable; the same for every query of Prometheus's own test scripts.
struct PrinterRoundTripTests {
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
            #expect(sameAST(e1, e2), "AST changed by printing: \(q) printed as \(p1)")
            #expect(e2.description == p1, "\(q)")
            #expect(e2.type == e1.type)
        }
    }

    /// Found by the libFuzzer target (Fuzz/): `Inf` prints as `+Inf`, which on the left of `^` re-parsed as a unary
    /// plus over the whole power, so printing was not stable.
    @Test func signedLiteralOnTheLeftOfPowerKeepsParentheses() throws {
        for q in ["n-inf^inf", "inf ^ 2", "-inf ^ 2", "2 ^ inf"] {
            let p1 = try parseExpr(q).description
            let p2 = try parseExpr(p1).description
            #expect(p1 == p2, "\(q): \(p1) → \(p2)")
        }
        #expect(try parseExpr("n-inf^inf").description == "n - (+Inf) ^ +Inf")
    }

    /// A changed AST is noticed: the comparison is not vacuous.
    @Test func differentQueriesHaveDifferentASTs() throws {
        let pairs = [
            ("a + b", "a - b"), ("sum by (x) (a)", "sum without (x) (a)"), ("a offset 5m", "a offset 6m"),
            ("rate(a[5m])", "irate(a[5m])"), ("a{x=\"1\"}", "a{x=\"2\"}"), ("a > bool b", "a > b"),
            ("a * on (x) group_left (y) b", "a * on (x) group_right (y) b"), ("a[1h:5m]", "a[1h:1m]"),
        ]
        for (x, y) in pairs {
            #expect(!sameAST(try parseExpr(x), try parseExpr(y)), "\(x) vs \(y)")
            #expect(sameAST(try parseExpr(x), try parseExpr(x)))
        }
    }

    /// Every `eval` query in ../shared/promqltest/testdata that parses survives print → parse unchanged.
    @Test func promqltestQueriesRoundTrip() throws {
        let dir = PromQLTestScriptsTests.dir
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        var checked = 0
        let options = ParserOptions(enableExperimentalFunctions: true)
        for f in files.sorted() where f.hasSuffix(".test") {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("eval ") else { continue }
                // `eval instant at 10s <query>` / `eval range from 0 to 1m step 10s <query>`.
                let words = t.split(separator: " ", omittingEmptySubsequences: true)
                let skip: Int
                if words.count > 4, words[1] == "instant" { skip = 4 } else if words.count > 8, words[1] == "range" { skip = 8 } else { continue }
                var rest = words.dropFirst(skip)
                while let w = rest.first, w.hasPrefix("expect") || w == "fail" || w == "warn" || w == "info" || w == "ordered" { rest = rest.dropFirst() }
                let q = rest.joined(separator: " ")
                guard let e1 = try? parseExpr(q, options: options) else { continue }
                let printed = e1.description
                guard let e2 = try? parseExpr(printed, options: options) else {
                    Issue.record("\(f): printed query does not parse: \(q) → \(printed)")
                    continue
                }
                #expect(sameAST(e1, e2), "\(f): \(q) printed as \(printed)")
                checked += 1
            }
        }
        #expect(checked > 1000 || !FileManager.default.fileExists(atPath: dir))
    }
}
