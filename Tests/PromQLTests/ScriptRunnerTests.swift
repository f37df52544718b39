import Testing
@testable import PromQL

/// The runner must count failures honestly: wrong values, missing series, missing errors.
struct ScriptRunnerTests {
    static let load = """
        load 1m
        \tm{a="1"} 1+1x5
        \tm{a="2"} 10 _ stale 4

        """

    struct Case: Sendable, CustomStringConvertible {
        let eval: String
        let passes: Bool
        var description: String { eval }
    }

    static let cases: [Case] = [
        .init(eval: "eval instant at 1m m\n\tm{a=\"1\"} 2\n\tm{a=\"2\"} 10", passes: true),
        .init(eval: "eval instant at 1m m\n\tm{a=\"1\"} 3\n\tm{a=\"2\"} 10", passes: false),
        .init(eval: "eval instant at 1m m\n\tm{a=\"1\"} 2", passes: false),
        // The stale marker at 2m hides m{a="2"}.
        .init(eval: "eval instant at 2m m\n\tm{a=\"1\"} 3", passes: true),
        .init(eval: "eval instant at 3m m\n\tm{a=\"1\"} 4\n\tm{a=\"2\"} 4", passes: true),
        .init(eval: "eval range from 0 to 3m step 1m m{a=\"2\"}\n\tm{a=\"2\"} 10 10 _ 4", passes: true),
        .init(eval: "eval range from 0 to 3m step 1m m{a=\"2\"}\n\tm{a=\"2\"} 10 10 10 4", passes: false),
        .init(eval: "eval instant at 0 1 + 1\n\t2", passes: true),
        .init(eval: "eval instant at 0 1 + 1\n\t3", passes: false),
        .init(eval: "eval instant at 0 nosuch(m)\n\texpect fail msg: 1:1: parse error: unknown function with name \"nosuch\"", passes: true),
        .init(eval: "eval instant at 0 m\n\texpect fail", passes: false),
        .init(eval: "eval_warn instant at 0 quantile(2, m)\n\t{} +Inf", passes: true),
        .init(eval: "eval instant at 0 quantile(2, m)\n\texpect no_warn\n\t{} +Inf", passes: false),
        .init(eval: "eval_ordered instant at 5m sort_desc(m)\n\tm{a=\"2\"} 4\n\tm{a=\"1\"} 6", passes: false),
        .init(eval: "eval_ordered instant at 5m sort_desc(m)\n\tm{a=\"1\"} 6\n\tm{a=\"2\"} 4", passes: true),
    ]

    @Test(arguments: cases)
    func counts(_ c: Case) async {
        let report = await ScriptRunner().run(script: Self.load + c.eval + "\n", name: "case")
        #expect(report.passed + report.failed == 1)
        #expect((report.passed == 1) == c.passes, "\(report.failures)")
    }
}

/// Series descriptions as promqltest's `load` reads them.
struct SeriesDescriptionTests {
    struct Case: Sendable, CustomStringConvertible {
        let input: String
        let values: [Double?]?
        var description: String { input }
    }

    static let cases: [Case] = [
        .init(input: "{} 1 2 3", values: [1, 2, 3]),
        .init(input: "my_metric{a=\"b\"} 1 2 3-10x4", values: [1, 2, 3, -7, -17, -27, -37]),
        .init(input: "m 1 3 _ 5 _x4", values: [1, 3, nil, 5, nil, nil, nil, nil]),
        .init(input: "m 1 -1 -3-10x4 7 9 +5", values: [1, -1, -3, -13, -23, -33, -43, 7, 9, 5]),
        .init(input: "m 1x0", values: [1]),
        .init(input: "m 0x3", values: [0, 0, 0, 0]),
        .init(input: "m 1+1", values: nil),
        .init(input: "m 1 3 _ 5 _a4", values: nil),
        .init(input: "m -3 3+3x4-4", values: nil),
    ]

    @Test(arguments: cases)
    func expands(_ c: Case) {
        do {
            let (_, vals, _) = try ScriptParser.parseSeriesLine(c.input, line: 1)
            #expect(c.values != nil, "expected an error, got \(vals)")
            if let want = c.values { #expect(vals == want) }
        } catch {
            #expect(c.values == nil, "\(error)")
        }
    }

    @Test func quotedNames() throws {
        let (labels, vals, _) = try ScriptParser.parseSeriesLine("{\"http.requests\", \"service.name\"=\"api\"} 0+50x2", line: 1)
        #expect(labels?.metricName == "http.requests")
        #expect(labels?.get("service.name") == "api")
        #expect(vals == [0, 50, 100])
    }

    @Test func histogramSeries() throws {
        let line = "m 1 {{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{sum:1 count:1 buckets:[1] offset:1}}x2 {{n_buckets:[1] z_bucket:2 z_bucket_w:0.5 counter_reset_hint:gauge}}"
        let (_, vals, hists) = try ScriptParser.parseSeriesLine(line, line: 1)
        #expect(vals.count == 5 && hists.count == 5)
        #expect(vals[0] == 1 && hists[0] == nil)
        #expect(hists[1..<4].map { $0?.h.count } == [4, 5, 6])
        #expect(hists[3]?.h.positive == [1, 4, 1])
        #expect(hists[4]?.h.negative == [1] && hists[4]?.h.zeroCount == 2 && hists[4]?.h.zeroThreshold == 0.5)
        #expect(hists[4]?.hintSet == true && hists[4]?.h.counterResetHint == .gauge)
        #expect(hists[1]?.hintSet == false)
    }

    @Test(arguments: ["m {{schema:0 bogus:1}}", "m {{sum:1", "m {{sum:1}}y3", "m {{buckets:[1 2}}"])
    func badHistograms(_ line: String) {
        #expect(throws: ScriptError.self) { try ScriptParser.parseSeriesLine(line, line: 1) }
    }
}
