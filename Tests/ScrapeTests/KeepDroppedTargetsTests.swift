import Foundation
import HTTPClient
import Logging
import PromConfig
import PromModel
import Scrape
import TSDB
import Testing
import TestSupport

/// `keep_dropped_targets` from a loaded config: the pool lists only that many targets dropped by relabeling,
/// while the dropped count covers all of them (the API's `droppedTargetCounts`).
struct KeepDroppedTargetsTests {
    struct Case: Sendable, CustomStringConvertible {
        var keep: Int?
        var listed: Int
        var description: String { "keep_dropped_targets: \(keep.map(String.init) ?? "unset")" }
    }

    @Test(arguments: [Case(keep: nil, listed: 5), Case(keep: 2, listed: 2), Case(keep: 10, listed: 5)])
    func limitsListedDroppedTargets(_ c: Case) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("prometheus.yml")
        try """
            scrape_configs:
              - job_name: j
            \(c.keep.map { "    keep_dropped_targets: \($0)" } ?? "")
                relabel_configs:
                  - source_labels: [__address__]
                    regex: "keep:.*"
                    action: keep
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try PrometheusConfig.load(path: path)
        let tsdb = try TSDB(directory: nil, logger: Logger(label: "test"))
        let client = try HTTPClient()
        defer { client.shutdown() }
        let manager = ScrapeManager(appendable: tsdb, client: client, logger: Logger(label: "test"))
        manager.apply(config.scrapeConfigs.map { ScrapeOptions(config: $0) })
        var targets = (0..<5).map { Labels(["__address__": "drop\($0):80"]) }
        targets.append(Labels(["__address__": "keep:80"]))
        manager.updateTargets(job: "j", [TargetGroup(source: "s", targets: targets)])

        #expect(manager.droppedTargets().count == c.listed)
        #expect(manager.droppedTargetCounts() == ["j": 5])
        #expect(manager.activeTargets().count == 1)
    }
}
