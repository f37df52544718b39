import Foundation
import Testing
import TestSupport

struct PromQLCommandTests {
    static let passing = """
        load 1m
          up{job="a"} 1 2 3
          up{job="b"} 0 0 0

        eval instant at 2m sum(up)
          {} 3

        eval instant at 1m up{job="a"}
          up{job="a"} 2
        """

    static let failing = """
        load 1m
          up{job="a"} 1 2 3

        eval instant at 2m up
          up{job="a"} 42
        """

    @Test func passingScriptExitsZeroAndCountsEvals() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/ok.test"
        try Self.passing.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["promql", "test", file])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("PASS \(file)"))
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test func failingEvalShowsExpectedAndGotAndExitsOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ok = dir.path + "/ok.test"
        let bad = dir.path + "/bad.test"
        try Self.passing.write(toFile: ok, atomically: true, encoding: .utf8)
        try Self.failing.write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["promql", "test", ok, bad])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL \(bad)"))
        #expect(r.stdout.contains("42"))
        #expect(r.stdout.contains("3"))
        #expect(r.stdout.hasSuffix("2 passed, 1 failed\n"))
    }

    @Test func missingFileCountsAsFailure() throws {
        let r = try SextantCLI.run(["promql", "test", "/nonexistent/x.test"])
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test(arguments: [
        ("sum by(job)(rate(x[5m]))", "sum by (job) (rate(x[5m]))"),
        ("a+on(b)group_left c", "a + on (b) group_left () c"),
    ])
    func formatPrintsCanonical(input: String, want: String) throws {
        let r = try SextantCLI.run(["promql", "format", input])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == want + "\n")
    }

    @Test func formatRejectsBadExpression() throws {
        let r = try SextantCLI.run(["promql", "format", "sum(("])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error"))
    }
}
