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
