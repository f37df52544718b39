import Foundation
import PromConfig
import Testing

@testable import Operator

/// Every golden config and rule file also loads in our own server's parser (PromConfig), not only promtool.
struct PromConfigLoadTests {
    static var goldenFiles: [String] {
        let dir = Golden.testsDir.appendingPathComponent("Golden").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: Golden.testsDir.appendingPathComponent("Golden/\(name)"), encoding: .utf8)
    }

    @Test func goldenConfigsLoadInPromConfig() throws {
        let configs = Self.goldenFiles.filter { $0.hasSuffix(".prom.yaml") }
        #expect(configs.count >= 3)
        for name in configs {
            let text = try Self.text(name)
            let load = {
                let config = try PrometheusConfig.parse(
                    yaml: text, filename: name, environment: ["POD_NAME": "sextant-main-0"])
                // Same jobs, in the same order, as the rendered text.
                let jobs = text.split(separator: "\n").filter { $0.hasPrefix("- job_name: ") }.map {
                    String($0.dropFirst(12))
                }
                #expect(config.scrapeConfigs.map(\.jobName) == jobs, "\(name)")
            }
            if text.contains("- https://") {
                // Probe jobs list URLs as static targets (the blackbox_exporter pattern); Prometheus and promtool
                // accept them in scrape configs, PromConfig does not yet. Fails once PromConfig is fixed.
                withKnownIssue("PromConfig rejects URL static targets in scrape configs") { try load() }
            } else {
                try load()
            }
        }
    }

    @Test func goldenRuleFilesLoadInPromConfig() throws {
        let rules = Self.goldenFiles.filter { $0.hasPrefix("rules-") }
        #expect(!rules.isEmpty)
        for name in rules {
            let file = try RuleFile.parse(yaml: try Self.text(name), filename: name)
            #expect(file.groups.count == 1, "\(name)")
        }
    }
}
