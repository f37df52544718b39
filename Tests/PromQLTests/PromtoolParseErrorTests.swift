import Foundation
import Testing
import TestSupport
@testable import PromQL

/// Parse errors compared with the installed Prometheus 2.42 (`promtool check rules`), which reports
/// every rule's error. Skipped when promtool is not installed.
struct PromtoolParseErrorTests {
    static let badQueries: [String] = [
        "rate(foo)", "sum(foo[5m])", "foo{a=1}", "foo{a=b}", "1 > 2", "foo + bool bar", "1 and foo",
        "foo and on(a) group_left(b) bar", "foo * on(a) group_left(a) bar", "nosuchfn(foo)", "time(1)",
        "label_join()", "round(a, 1, 2)", "topk(\"a\", foo)", "count_values(1, foo)", "(foo)[5m]",
        "foo offset 1m offset 2m", "foo @ 1 @ 2", "-\"a\"", "foo[5m] + 1", "{}", "{a=\"\"}", "1+", "(1", ")",
        "foo{", "foo[5m", "foo bar", "1 or 1", "1 !~ 1", "0deadbeef", "2.5.", "foo[5mm]", "foo[5m1]", "foo[0m]",
        "some_metric[5m] OFFSET", "some_metric OFFSET 1m[5m]", "sum () by (test)", "sum some_metric by (test)",
        "sum without(==)(some_metric)", "foo{,}", "foo{__name__ == \"bar\"}", "\"\\c\"", "*1", "-=",
        "a - on(b) ignoring(c) d", "1 or on(bar) foo", "foo and bool 10", "rate(avg)", "floor()",
        "hour(a, a, a)", "foo{__name__=\"bar\"}", "rate(some_metric[5m]) @ 1234", "foo @ +Inf",
        "test[5d] OFFSET 10s [10m:5s]", "foo[5m:1m1]", "some_metric[5m] @", "rate(foo[5m],)",
        "sum(foo) by (a) without (b)", "foo{a:b=\"c\"}", "foo{a*\"b\"}", "foo == on(bar) 10",
        "stddev(foo[1m])", "quantile(foo, bar)", "absent(foo[5m])", "label_replace(foo, 1, 2, 3, 4)",
        "x[1h:1m] offset -1h[5m]", "\"abc", "`abc", "foo[1h:-5m]", "foo offset", "{x!=\"a\"}",
        "sum by (a)", "sum by (a) foo", "topk(1)", "topk(1, 2)", "quantile(\"a\", foo)", "foo @ start",
        "foo @ start(", "foo @ bar", "rate(foo[5m:1m:1m])", "foo[1m] [1m]", "foo @ 1[1m]", "vector(\"a\")",
        "scalar(1)", "label_replace(foo, \"a\")", "sort_desc(foo, bar)", "abs(foo[5m])",
        "count_values(\"a\", foo[5m])", "1 + foo[5m]", "foo{a=~\"(\"}", "-{}", "foo{a=\"b\"c=\"d\"}",
        "foo{a=\"b\",,}", "{__name__=~\".*\"}", "foo and", "and foo", "sum(foo) by", "max_over_time(foo)",
        "irate(foo[1m], 2)", "count_values(\"a\")", "time() == 1", "foo[5m] == 1", "rate(foo[5m]) offset 1m",
        "(foo offset 1m) offset 1m", "\"a\" + 1", "sum(\"a\")", "foo{a=\"b\"} == on() 1",
        "foo{a=\"\\x\"}", "foo{\"a\"=~\"b\", c}", "foo ==", "foo !== bar", "foo[5s x 5s]", "by",
        "sum(foo) by (a) by (b)", "foo # comment", "rate(foo[5m] @ end() offset 1m)", "histogram_quantile(foo)",
        "1 +", "((foo)", "foo]", "foo[", "foo{a=\"b\"", "vector(1) unless 1", "foo / ignoring(a) group_right(a) bar",
    ]

    /// Messages that legitimately differ because Prometheus 3 changed them (per its own parser tests).
    static let differsIn3: [String: String] = [
        "2.5.": "3.x: bad number or duration syntax: \"2.5.\"",
        "foo[5mm]": "3.x lexes numbers and durations together: \"bad number or duration syntax\"",
        "foo[5m1]": "same",
        "some_metric[5m] OFFSET": "3.x duration expressions: \"expected number, duration, step(), or range()\"",
        "foo offset": "same",
        "foo[1h:-5m]": "3.x duration expressions accept a sign; the value must be > 0",
        "foo{\"a\"=~\"b\", c}": "3.x accepts quoted (UTF-8) label names",
        "foo[5s x 5s]": "2.42 accepts it; 3.x: unexpected character: 'x', expected ':'",
        "foo[": "3.x: unexpected end of input in duration expression",
    ]

    @Test func sameMessagesAsPrometheus() throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else {
            print("skipping: \(promtool) not installed")
            return
        }
        let dir = try TemporaryDirectory(prefix: "promql-errors")
        defer { dir.remove() }
        var yaml = "groups:\n- name: g\n  rules:\n"
        for (i, q) in Self.badQueries.enumerated() {
            yaml += "  - record: r\(i)\n    expr: '\(q.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        let file = dir.file("rules.yml")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let out = try run(promtool, ["check", "rules", file])

        // "<file>: L:C: group "g", rule N, "rN": could not parse expression: <message>" (+ continuation lines).
        var theirs: [Int: String] = [:]
        var current: Int?
        for raw in out.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let r = line.range(of: "could not parse expression: "), let ruleRange = line.range(of: ", rule ") {
                let numText = line[ruleRange.upperBound...].prefix { $0.isNumber }
                current = Int(numText).map { $0 - 1 }
                if let c = current { theirs[c] = String(line[r.upperBound...]) }
            } else if let c = current, !line.isEmpty, !line.hasPrefix(file), line.hasPrefix(" ") == false,
                      line.contains("parse error") {
                theirs[c, default: ""] += "\n" + line
            }
        }
        var differing: [String] = []
        for (i, q) in Self.badQueries.enumerated() {
            let ours: String
            do {
                _ = try parseExpr(q)
                ours = "(parsed)"
            } catch {
                ours = error.description
            }
            let their = theirs[i] ?? "(parsed)"
            if ours != their && Self.differsIn3[q] == nil {
                differing.append("\(q)\n  ours:       \(ours)\n  prometheus: \(their)")
            }
        }
        #expect(differing.isEmpty, "\(differing.count) differ:\n\(differing.joined(separator: "\n"))")
    }

    func run(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
