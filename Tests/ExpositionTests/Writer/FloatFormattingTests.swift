@testable import Exposition
import Testing

/// Differential tests against Go's strconv, with reference data from `Fixtures/gen_floats.go`.
@Suite struct FloatFormattingTests {
    static func lines(_ kind: String) throws -> [[Substring]] {
        let text = String(decoding: try fixture("go_floats.txt"), as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: " ") }.filter { $0.first.map(String.init) == kind }
    }

    @Test func formatMatchesGo() throws {
        let cases = try Self.lines("F")
        #expect(cases.count > 1000)
        for c in cases {
            let v = Double(bitPattern: UInt64(c[1], radix: 16)!)
            #expect(formatPromFloat(v) == String(c[2]), "bits \(c[1])")
            #expect(formatPromJSONFloat(v) == String(c[3]), "bits \(c[1])")
        }
    }

    @Test func parseMatchesGo() throws {
        let cases = try Self.lines("P")
        #expect(cases.count > 500)
        for c in cases {
            let input = Array(c[1].utf8)
            let result = input.withUnsafeBufferPointer { parseGoFloat($0, 0..<$0.count) }
            let got: String
            switch result {
            case .value(let v) where v.isNaN: got = "nan"
            case .value(let v):
                let hex = String(v.bitPattern, radix: 16)
                got = String(repeating: "0", count: 16 - hex.count) + hex
            case .syntax, .outOfRange: got = "err"
            }
            #expect(got == String(c[2]), "input \(c[1])")
        }
    }

    @Test(arguments: [
        (Double.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (0, "0"), (-0.0, "-0"), (1e6, "1e+06"),
        (123456, "123456"), (0.0001, "0.0001"), (1e-5, "1e-05"), (-2.5, "-2.5"),
    ])
    func specials(_ v: Double, _ s: String) {
        #expect(formatPromFloat(v) == s)
    }

    @Test(arguments: [(1.0, "1.0"), (0, "0.0"), (1000, "1000.0"), (0.5, "0.5"), (1e6, "1e+06"), (.infinity, "+Inf")])
    func openMetricsForm(_ v: Double, _ s: String) {
        #expect(formatOpenMetricsFloat(v) == s)
    }
}
