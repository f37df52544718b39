import Foundation
import Testing
import TestSupport

struct CheckCommandTests {
    static let rules = """
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: Down
                expr: up == 0
                for: 5m
        """

    static let badRules = """
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum by (job) (up
        """

    @Test func validRulesExitZero() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/rules.yml"
        try Self.rules.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["check", "rules", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Checking \(file)\n  SUCCESS: 2 rules found\n")
    }

    @Test func badPromQLInRuleFailsWithFileAndLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/bad.yml"
        try Self.badRules.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["check", "rules", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("FAILED"))
        #expect(r.stderr.contains("\(file):5"), "\(r.stderr)")
    }

    @Test func configWithRuleFilesIsChecked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.rules.write(toFile: dir.path + "/rules.yml", atomically: true, encoding: .utf8)
        let config = dir.path + "/prometheus.yml"
        try """
            global:
              scrape_interval: 15s
            rule_files: ["rules.yml"]
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ["localhost:9090"]}]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["check", "config", config])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(" SUCCESS: 1 rule files found"))
        #expect(r.stdout.contains("  SUCCESS: 2 rules found"))
    }

    @Test func invalidConfigFailsWithLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = dir.path + "/prometheus.yml"
        try """
            global:
              scrape_interval: 15x
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["check", "config", config])
        #expect(r.status == 1)
        #expect(r.stderr.contains("FAILED"))
        #expect(r.stderr.contains("15x"), "\(r.stderr)")
    }

    @Test func configNamingBadRuleFileFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.badRules.write(toFile: dir.path + "/rules.yml", atomically: true, encoding: .utf8)
        let config = dir.path + "/prometheus.yml"
        try "rule_files: [\"rules.yml\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["check", "config", config])
        #expect(r.status == 1)
    }
}
