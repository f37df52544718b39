import Foundation
import PromConfig
import PromModel
import Testing

let ruleFixturesDirectory = "\(fixturesDirectory)/rule-files"

struct RuleFileTests {
    @Test(arguments: fixtures(suffix: ".good.yml", in: "rule-files"))
    func goodRuleFileLoads(_ name: String) throws {
        let file = try RuleFile.load(path: "\(ruleFixturesDirectory)/\(name)")
        #expect(file.ruleCount > 0)
        // What we print loads back the same (the operator writes rule files this way).
        #expect(try RuleFile.parse(yaml: file.yaml(), filename: "printed") == file)
    }

    static let badMessages: [String: String] = [
        "bad-for.bad.yml": #"bad-for.bad.yml:6:14: groups[0].rules[0].for: not a valid duration string: "five minutes""#,
        "both-kinds.bad.yml": #"both-kinds.bad.yml:5:16: groups[0].rules[0]: only one of 'record' and 'alert' must be set"#,
        "duplicate-group.bad.yml": #"duplicate-group.bad.yml:4:5: groups[1]: groupname "g" is repeated in the same file (first on line 2)"#,
        "empty-group-name.bad.yml": #"empty-group-name.bad.yml:2:5: groups[0]: group name must not be empty"#,
        "label-name.bad.yml": #"label-name.bad.yml:7:11: groups[0].rules[0].labels: invalid label name "__name__""#,
        "missing-expr.bad.yml": #"missing-expr.bad.yml:4:9: groups[0].rules[0]: field 'expr' must be set in rule"#,
        "no-kind.bad.yml": #"no-kind.bad.yml:4:9: groups[0].rules[0]: one of 'record' or 'alert' must be set"#,
        "recording-for.bad.yml": #"recording-for.bad.yml:6:14: groups[0].rules[0]: invalid field 'for' in recording rule"#,
        "unknown-field.bad.yml": #"unknown-field.bad.yml:6:9: groups[0].rules[0]: unknown field "duration""#,
    ]

    @Test(arguments: fixtures(suffix: ".bad.yml", in: "rule-files"))
    func badRuleFileFailsWithItsExactMessage(_ name: String) throws {
        let text = try String(contentsOfFile: "\(ruleFixturesDirectory)/\(name)", encoding: .utf8)
        let expected = try #require(Self.badMessages[name], "add \(name) to RuleFileTests.badMessages")
        #expect(throws: (any Error).self) { try RuleFile.parse(yaml: text, filename: name) }
        do {
            _ = try RuleFile.parse(yaml: text, filename: name)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func values() throws {
        let file = try RuleFile.load(path: "\(ruleFixturesDirectory)/rules.good.yml")
        #expect(file.groups.map(\.name) == ["recording", "alerts"])
        #expect(file.groups[0].interval == .seconds(30))
        #expect(file.groups[1].interval == nil)
        #expect(file.groups[1].limit == 10)
        let alert = file.groups[1].rules[0]
        #expect(alert.kind == .alerting("InstanceDown"))
        #expect(alert.forDuration == .minutes(5))
        #expect(alert.keepFiringFor == .minutes(1))
        #expect(alert.labels == Labels(["severity": "page"]))
        #expect(alert.annotations.get("summary") == "Instance {{ $labels.instance }} down")
        #expect(file.groups[0].rules[1].labels == Labels(["source": "node"]))

        let grouped = try RuleFile.load(path: "\(ruleFixturesDirectory)/group-labels.good.yml")
        #expect(grouped.groups[0].labels == Labels(["team": "infra"]))
        #expect(grouped.groups[0].queryOffset == .minutes(1))
    }

    @Test func expressionsAreCheckedByTheCallersValidator() throws {
        let yaml = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: 'sum(up'\n"
        let validator: RuleFile.ExpressionValidator = { $0.contains("(") && !$0.contains(")") ? "unclosed left parenthesis" : nil }
        #expect(throws: ConfigError(file: "r.yml", line: 5, column: 15, path: "groups[0].rules[0].expr",
                                    message: "invalid expression: unclosed left parenthesis")) {
            try RuleFile.parse(yaml: yaml, filename: "r.yml", validateExpression: validator)
        }
        #expect(throws: Never.self) { try RuleFile.parse(yaml: yaml, filename: "r.yml") }
    }

    @Test(.enabled(if: PromtoolTests.installedVersion != nil), arguments: fixtures(suffix: ".good.yml", in: "rule-files"))
    func promtoolAcceptsGoodRuleFile(_ name: String) throws {
        let path = "\(ruleFixturesDirectory)/\(name)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if let required = PromtoolTests.requiredVersion(text), let installed = PromtoolTests.installedVersion,
            installed.lexicographicallyPrecedes(required)
        {
            return
        }
        let result = try PromtoolTests.run([PromtoolTests.promtool, "check", "rules", path])
        #expect(result.status == 0, "promtool rejects \(name):\n\(result.output)")
    }

    @Test(.enabled(if: PromtoolTests.installedVersion != nil), arguments: fixtures(suffix: ".bad.yml", in: "rule-files"))
    func promtoolRejectsBadRuleFile(_ name: String) throws {
        let result = try PromtoolTests.run([PromtoolTests.promtool, "check", "rules", "\(ruleFixturesDirectory)/\(name)"])
        #expect(result.status != 0, "promtool accepts \(name):\n\(result.output)")
    }
}
