import Exposition
import Testing

/// Seeded random corruption of valid bodies: every mutant must either parse or throw an `ExpositionError`
/// with a line inside the body — never trap, loop or report a line that does not exist.
@Suite struct MutationTests {
    static let seedBody = """
        # HELP a_total Help with \\\\ and \\n.
        # TYPE a_total counter
        a_total{x="1",y="é\\"q"} 1.5e3 1700000000000
        {"my.metric","a.b"="c"} NaN
        # TYPE h histogram
        h_bucket{le="0.5"} 1 # {trace_id="abc"} 1.0 123.45
        h_bucket{le="+Inf"} 2
        h_sum -Inf
        # UNIT foo_seconds seconds
        foo_seconds 1 1.5
        # EOF

        """

    static let interesting: [UInt8] = Array(" \t\n\"\\{}=,#0.eE+-_pNI".utf8) + [0, 0xC3, 0xFF]

    @Test(arguments: [ExpositionFormat.prometheusText, .openMetrics])
    func mutantsNeverTrap(format: ExpositionFormat) throws {
        var r = SplitMix64(state: format == .openMetrics ? 7 : 11)
        let base = Array(Self.seedBody.utf8)
        let lineCount = base.filter { $0 == 0x0A }.count + 2
        var accepted = 0
        var rejected = 0
        for _ in 0..<3000 {
            var body = base
            for _ in 0..<Int.random(in: 1...3, using: &r) {
                let i = Int.random(in: 0..<body.count, using: &r)
                switch Int.random(in: 0..<4, using: &r) {
                case 0: body[i] = Self.interesting.randomElement(using: &r)!
                case 1: body.remove(at: i)
                case 2: body.insert(Self.interesting.randomElement(using: &r)!, at: i)
                default: body.removeSubrange(i...)
                }
                if body.isEmpty { break }
            }
            var p = ExpositionParser(body, format: format)
            var entries = 0
            do {
                while let e = try p.next() {
                    entries += 1
                    #expect(entries <= body.count + 1)
                    if e == .series {
                        _ = p.labels()
                        _ = p.exemplar
                        #expect(p.seriesRange.upperBound <= body.count)
                    }
                }
                accepted += 1
            } catch {
                #expect(error.line >= 1 && error.line <= lineCount, "\(error)")
                rejected += 1
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }
}
