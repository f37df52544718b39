import PromModel
import Testing
@testable import PromQL

/// Seeded mutations of valid queries: the parser must answer with an expression or a ParseError, and
/// whatever parses must evaluate to a result or a PromQLError — never trap.
struct RandomQueryTests {
    static let seeds: [String] = [
        "sum by (job) (rate(http_requests_total{job=~\"a.*\"}[5m] offset 1m))",
        "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))",
        "max_over_time(deriv(temp[4m])[10m:1m] @ 300)",
        "a / on(instance) group_left(job) b > bool 3 or vector(1)",
        "label_replace(up, \"x\", \"$1\", \"instance\", \"(.*):.*\")",
        "topk(3, count_values(\"v\", round(temp, 0.5))) unless absent(nosuch)",
        "-{__name__=~\"up|temp\"} ^ 2 % 7 atan2 -1e3",
        "clamp(predict_linear(temp[10m], 3600), -Inf, 0x10) + time() - 1h30m",
        "quantile_over_time(0.5, temp[5m:30s]) * scalar(sum(up))",
        "{\"my.metric\", \"a.b\"=\"c\"}[1m] @ end()",
    ]

    static let pieces = ["(", ")", "[", "]", "{", "}", ",", ":", "@", "+", "-", "*", "/", "^", "%", "==", "!=", "=~",
                         "\"", "'", "`", "by", "offset", "5m", "1e309", "0x", "_", ".", "#", "\n", "NaN", "Inf",
                         "sum", "rate", "and", "bool", "on", "group_left", "start()", "9999999999999999999"]

    func storage() -> MemoryStorage {
        let st = MemoryStorage()
        for (name, base) in [("up", 1.0), ("temp", 20.0), ("http_requests_total", 0.0), ("lat_bucket", 0.0)] {
            for i in 0..<3 {
                let labels = Labels(["__name__": name, "instance": "h\(i):9100", "job": "a\(i)", "le": name == "lat_bucket" ? ["0.1", "1", "+Inf"][i] : ""])
                st.add(labels, (0..<30).map { Sample(t: Int64($0) * 30_000, v: base + Double($0 * (i + 1))) })
            }
        }
        return st
    }

    @Test(arguments: [7, 99, 2024] as [UInt64])
    func mutatedQueriesNeverTrap(seed: UInt64) async {
        var rng = SplitMix64(state: seed)
        let st = storage()
        let engine = Engine(options: EngineOptions(timeout: .seconds(5), maxSamples: 100_000, enableExperimentalFunctions: true))
        var parsed = 0, failed = 0
        for _ in 0..<400 {
            var chars = Array(Self.seeds[Int(rng.next() % UInt64(Self.seeds.count))])
            for _ in 0..<(1 + rng.next() % 4) {
                let pos = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count))
                switch rng.next() % 3 {
                case 0 where !chars.isEmpty: chars.remove(at: pos)
                case 1: chars.insert(contentsOf: Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))], at: pos)
                default:
                    if !chars.isEmpty { chars[pos] = Character(Unicode.Scalar(UInt8(32 + rng.next() % 95))) }
                }
            }
            let q = String(chars)
            do {
                let e = try parseExpr(q, options: ParserOptions(enableExperimentalFunctions: true))
                parsed += 1
                // What parses must print to something that parses again.
                #expect((try? parseExpr(e.description, options: ParserOptions(enableExperimentalFunctions: true))) != nil, "\(q) → \(e)")
                if e.type == .vector || e.type == .scalar {
                    _ = try? await engine.rangeQuery(q, start: 0, end: 600_000, step: 60_000, queryable: st)
                }
                _ = try? await engine.instantQuery(q, at: 450_000, queryable: st)
            } catch {
                failed += 1
            }
        }
        #expect(parsed > 0 && failed > 0)
    }
}
