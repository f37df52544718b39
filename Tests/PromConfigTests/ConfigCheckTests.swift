import Foundation
import PromConfig
import TestSupport
import Testing

struct ConfigCheckTests {
    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func validConfigListsRuleFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try write("groups: [{name: g, rules: [{record: r, expr: up}]}]\n", to: dir.file("rules/a.yml"))
        try write("groups: []\n", to: dir.file("rules/b.yml"))
        try write("secret\n", to: dir.file("pw"))
        try write(
            """
            rule_files: [rules/*.yml]
            scrape_configs:
              - job_name: node
                basic_auth: {username: u, password_file: pw}
            """, to: dir.file("prometheus.yml"))
        let report = PrometheusConfig.check(path: dir.file("prometheus.yml"))
        #expect(report.isValid)
        #expect(report.ruleFiles == [dir.file("rules/a.yml"), dir.file("rules/b.yml")])
        #expect(report.text == """
            Checking \(dir.file("prometheus.yml"))
             SUCCESS: 2 rule files found
             SUCCESS: \(dir.file("prometheus.yml")) is valid prometheus config file syntax

            Checking \(dir.file("rules/a.yml"))
              SUCCESS: 1 rules found

            Checking \(dir.file("rules/b.yml"))
              SUCCESS: 0 rules found

            """)
        #expect(report.ruleFileResults.count == 2)
    }

    @Test func missingReferencedFilesFailUnlessSyntaxOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try write(
            """
            rule_files: [alerts.yml]
            scrape_configs:
              - job_name: node
                tls_config: {ca_file: ca.pem}
            """, to: dir.file("prometheus.yml"))
        let report = PrometheusConfig.check(path: dir.file("prometheus.yml"))
        #expect(report.errors == [
            "rule file \"\(dir.file("alerts.yml"))\" does not point to an existing file",
            "scrape job \"node\": \"\(dir.file("ca.pem"))\" does not point to an existing file",
        ])
        #expect(report.text.contains("  FAILED: rule file"))
        #expect(PrometheusConfig.check(path: dir.file("prometheus.yml"), syntaxOnly: true).isValid)
    }

    @Test func brokenRuleFileFailsTheCheck() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try write("groups:\n  - name: g\n    rules:\n      - record: r\n", to: dir.file("rules/bad.yml"))
        try write("rule_files: [rules/*.yml]\n", to: dir.file("prometheus.yml"))
        let report = PrometheusConfig.check(path: dir.file("prometheus.yml"))
        #expect(report.errors == ["\(dir.file("rules/bad.yml")):4:9: groups[0].rules[0]: field 'expr' must be set in rule"])
        #expect(report.text.hasSuffix("Checking \(dir.file("rules/bad.yml"))\n  FAILED: \(report.errors[0])\n"))
    }

    @Test func invalidConfigReportsThePositionedError() throws {
        let reports = PrometheusConfig.check(paths: ["\(fixturesDirectory)/timeout-greater.bad.yml"])
        #expect(reports.count == 1)
        #expect(reports[0].config == nil)
        #expect(reports[0].errors == [
            "\(fixturesDirectory)/timeout-greater.bad.yml:4:21: scrape_configs[0].scrape_timeout: scrape_timeout 30s greater than scrape_interval 15s in job \"node\""
        ])
    }
}
