import Exposition
import PromModel
import Testing

@Suite struct ExpositionWriterTests {
    @Test func rendersFamilies() {
        var w = ExpositionWriter()
        w.write(
            MetricFamily(
                name: "http_requests_total", type: .counter, help: "Requests.\nWith \\ and \"quotes\".",
                samples: [
                    ExposedSample(labels: Labels(["__name__": "http_requests_total", "code": "200", "path": "/a\"b\\c\nd"]), value: 1027, timestamp: 1_395_066_363_000),
                    ExposedSample(labels: Labels(["__name__": "http_requests_total", "code": "400"]), value: 3),
                ]))
        w.write(
            MetricFamily(
                name: "my.metric", type: .gauge,
                samples: [ExposedSample(labels: Labels(["__name__": "my.metric", "a.b": "c", "d": "e"]), value: 1e6)]))
        w.write(MetricFamily(name: "i", type: .info, samples: [ExposedSample(labels: Labels(["__name__": "i"]), value: .nan)]))
        w.write(MetricFamily(name: "x", type: .summary, samples: [ExposedSample(labels: Labels(["__name__": "x"]), value: -.infinity)]))
        #expect(
            w.text == """
                # HELP http_requests_total Requests.\\nWith \\\\ and "quotes".
                # TYPE http_requests_total counter
                http_requests_total{code="200",path="/a\\"b\\\\c\\nd"} 1027 1395066363000
                http_requests_total{code="400"} 3
                # TYPE "my.metric" gauge
                {"my.metric","a.b"="c",d="e"} 1e+06
                # TYPE i untyped
                i NaN
                # TYPE x summary
                x -Inf

                """)
    }

    @Test func outputParsesWithPrometheusTextParser() throws {
        var w = ExpositionWriter()
        w.writeHelp("a", "help with \\ backslash")
        w.writeType("a", .gauge)
        w.writeSample(Labels(["__name__": "a", "l": "v\n\"x\""]), value: 0.1, timestamp: 5)
        #expect(try parseAll(w.bytes, .prometheusText) == ["HELP a|help with \\ backslash", "TYPE a gauge", #"a{l="v\n\"x\""} 0.1 @5"#])
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce from the seed.
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

@Suite struct RoundTripTests {
    static let alphabet: [String] = ["a", "b", "z", "_", "0", "9", ":", ".", "-", " ", "\\", "\"", "\n", "\t", "é", "日", "🙂", "{", "}", "=", ",", "#"]

    static func randomString(_ r: inout SplitMix64, maxLength: Int) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...maxLength, using: &r) { s += alphabet.randomElement(using: &r)! }
        return s
    }

    static func randomName(_ r: inout SplitMix64, metric: Bool) -> String {
        if Int.random(in: 0..<4, using: &r) == 0 {
            // A UTF-8 name that needs quoting.
            return "n" + randomString(&r, maxLength: 6) + "."
        }
        let first = metric ? "abcxyz_:" : "abcxyz_"
        let rest = metric ? "abcxyz_:0189" : "abcxyz_0189"
        var s = String(first.randomElement(using: &r)!)
        for _ in 0..<Int.random(in: 0...8, using: &r) { s.append(rest.randomElement(using: &r)!) }
        return s
    }

    static func randomValue(_ r: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<6, using: &r) {
        case 0: return [Double.nan, .infinity, -.infinity, 0, -0.0].randomElement(using: &r)!
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &r))
        case 2: return Double.random(in: -1...1, using: &r)
        case 3:
            let v = Double(bitPattern: r.next())
            return v.isNaN ? 1 : v
        default: return Double.random(in: 0...1e12, using: &r)
        }
    }

    @Test(arguments: [1, 2, 3, 42, 1234])
    func writeThenParse(seed: UInt64) throws {
        var r = SplitMix64(state: seed)
        var families: [MetricFamily] = []
        for _ in 0..<40 {
            let name = Self.randomName(&r, metric: true)
            var help = Self.randomString(&r, maxLength: 20)
            // Prometheus's lexer reads a HELP text made only of blanks as empty; keep one visible character.
            if help.allSatisfy({ $0 == " " || $0 == "\t" }) { help += "x" }
            var family = MetricFamily(
                name: name, type: [.counter, .gauge, .unknown, .summary].randomElement(using: &r)!, help: help)
            for _ in 0..<Int.random(in: 1...5, using: &r) {
                var pairs: [(String, String)] = [("__name__", name)]
                for _ in 0..<Int.random(in: 0...4, using: &r) {
                    var n = Self.randomName(&r, metric: false)
                    if n == "quantile" || n == "__name__" { n = "q" }
                    pairs.append((n, Self.randomString(&r, maxLength: 12)))
                }
                let ts: Int64? = Bool.random(using: &r) ? Int64.random(in: 0...Int64.max, using: &r) : nil
                family.samples.append(ExposedSample(labels: Labels(pairs), value: Self.randomValue(&r), timestamp: ts))
            }
            families.append(family)
        }
        var w = ExpositionWriter()
        for f in families { w.write(f) }

        var p = ExpositionParser(w.bytes, format: .prometheusText)
        for f in families {
            #expect(try p.next() == .help)
            #expect(p.metricFamilyName == f.name)
            #expect(p.helpText == f.help)
            #expect(try p.next() == .type)
            #expect(p.metricFamilyName == f.name)
            #expect(p.metricType == f.type)
            for s in f.samples {
                #expect(try p.next() == .series)
                #expect(p.labels() == s.labels)
                #expect(p.value.bitPattern == s.value.bitPattern || (p.value.isNaN && s.value.isNaN))
                #expect(p.timestamp == s.timestamp)
            }
        }
        #expect(try p.next() == nil)
    }
}
