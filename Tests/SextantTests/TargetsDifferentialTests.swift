import Foundation
import Testing
import TestSupport

/// The same config — file_sd targets and relabel rules covering every action and special label — through the
/// real `prometheus` binary and the real `sextant server`; both `/api/v1/targets` must agree on every active
/// and dropped target. A real node_exporter on loopback serves two of the targets, so health is compared too.
///
/// Where Prometheus 2.42 (the Debian binary) differs from Prometheus 3, Sextant follows 3:
/// - 2.42's `discoveredLabels` of *active* targets show labels written by relabeling (its label builder is
///   reused), e.g. `__tmp_shard` and `owner_a`; 3 shows the labels before relabeling. We compare ours with the
///   discovered label sets built from the targets file (what 3 shows) instead.
/// - 2.42's dropped targets have no `scrapePool`; 3's do, so ours are checked against the job label.
@Suite(.serialized)
struct TargetsDifferentialTests {
    static let prometheus = "/usr/bin/prometheus"
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    /// (targets, labels) of the targets file; `PORT` is the node exporter's port.
    static let groups: [([String], [String: String])] = [
        (["127.0.0.1:PORT", "localhost:PORT"],
         ["env": "prod", "tier": "web", "team_a": "alice", "Name": "MiXeD", "module": "if_mib", "proto": "http"]),
        (["127.0.0.1:1"], ["env": "dev", "tier": "db", "path": "/probe", "interval": "2s", "proto": "http"]),
        // keep-only's keepequal drops it (proto is not the scheme).
        (["127.0.0.1:9"], ["env": "prod", "proto": "https"]),
        (["127.0.0.1:2"], ["drop": "yes"]),
        (["127.0.0.1:3"], ["cmp": "127.0.0.1:3"]),
        // Relabeling empties the address: invalid, listed nowhere (Prometheus only logs it).
        (["127.0.0.1:4"], ["noaddr": "true"]),
        (["127.0.0.1:5", "127.0.0.1:6", "127.0.0.1:7", "127.0.0.1:8"], ["scheme_override": "https", "team_b": "bob"]),
        // An explicit instance; a relabeled __param_format overrides the job's params.
        (["127.0.0.1:10"], ["instance": "custom-instance", "fmt": "json"]),
        // A relabeled scrape timeout above the interval: invalid, listed nowhere.
        (["127.0.0.1:11"], ["timeout": "5s"]),
    ]

    static func config(targetsFile: String) -> String {
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: diff
            params:
              format: [prometheus]
            file_sd_configs:
              - files: [\(targetsFile)]
                refresh_interval: 1s
            relabel_configs:
              - source_labels: [drop]
                regex: "yes"
                action: drop
              - source_labels: [__meta_filepath]
                regex: ".*/targets\\\\.json"
                action: keep
              - source_labels: [__address__]
                target_label: cmp
                action: dropequal
              - source_labels: [noaddr]
                regex: "true"
                target_label: __address__
                replacement: ""
              - source_labels: [env, tier]
                separator: "-"
                regex: "(prod|dev)-(.+)"
                target_label: stage
                replacement: "${1}_$2"
              - regex: "team_(.+)"
                action: labelmap
                replacement: "owner_$1"
              - source_labels: [__address__]
                modulus: 4
                target_label: __tmp_shard
                action: hashmod
              - source_labels: [__tmp_shard]
                target_label: shard
              - source_labels: [Name]
                target_label: name_lower
                action: lowercase
              - source_labels: [name_lower]
                target_label: name_upper
                action: uppercase
              - source_labels: [module]
                target_label: __param_module
              - source_labels: [scheme_override]
                regex: (https?)
                target_label: __scheme__
              - source_labels: [path]
                regex: (.+)
                target_label: __metrics_path__
              - source_labels: [interval]
                regex: (.+)
                target_label: __scrape_interval__
              - source_labels: [fmt]
                regex: (.+)
                target_label: __param_format
              - source_labels: [timeout]
                regex: (.+)
                target_label: __scrape_timeout__
              - regex: "team_.*|Name|drop|noaddr"
                action: labeldrop
          - job_name: keep-only
            file_sd_configs:
              - files: [\(targetsFile)]
            relabel_configs:
              - source_labels: [env]
                regex: prod|dev
                action: keep
              - source_labels: [__scheme__]
                target_label: proto
                action: keepequal
              - regex: "__.*|job|env"
                action: labelkeep
        """
    }

    struct Snapshot {
        var active: [String: [String: String]] = [:]
        var activeDiscovered: [String: [String: String]] = [:]
        var activeLabels: [String: [String: String]] = [:]
        /// Discovered label sets of dropped targets, with `job` standing for the pool.
        var dropped: Set<[String: String]> = []
        var allScraped = false
    }

    /// Active targets keyed by pool and URL with the fields both servers report, and dropped targets.
    func snapshot(_ base: String) async throws -> Snapshot {
        let r = try await TestHTTP.get("\(base)/api/v1/targets")
        let data = try #require(try r.json()["data"] as? [String: Any])
        var s = Snapshot()
        s.allScraped = true
        for t in data["activeTargets"] as? [[String: Any]] ?? [] {
            let key = "\(t["scrapePool"] ?? "") \(t["scrapeUrl"] ?? "")"
            var fields: [String: String] = [:]
            for name in ["scrapePool", "scrapeUrl", "globalUrl", "health", "scrapeInterval", "scrapeTimeout"] {
                fields[name] = t[name] as? String ?? "<missing>"
            }
            fields["hasError"] = (t["lastError"] as? String ?? "").isEmpty ? "no" : "yes"
            if fields["health"] == "unknown" { s.allScraped = false }
            s.active[key] = fields
            s.activeLabels[key] = t["labels"] as? [String: String] ?? [:]
            s.activeDiscovered[key] = t["discoveredLabels"] as? [String: String] ?? [:]
        }
        for t in data["droppedTargets"] as? [[String: Any]] ?? [] {
            s.dropped.insert(t["discoveredLabels"] as? [String: String] ?? [:])
        }
        return s
    }

    /// What Prometheus 3 shows as `discoveredLabels`: the file's labels plus the job's defaults.
    func expectedDiscovered(job: String, address: String, labels: [String: String], file: String) -> [String: String] {
        var l = labels
        l["__address__"] = address
        l["__meta_filepath"] = file
        l["__metrics_path__"] = "/metrics"
        l["__scheme__"] = "http"
        l["__scrape_interval__"] = "1s"
        l["__scrape_timeout__"] = "1s"
        l["job"] = job
        if job == "diff" { l["__param_format"] = "prometheus" }
        return l
    }

    @Test func activeAndDroppedTargetsMatchPrometheus() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.prometheus), "install prometheus (scripts/bootstrap)")
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let exporterPort = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=127.0.0.1:\(exporterPort)", "--collector.disable-defaults", "--collector.loadavg"],
            readiness: .tcpPort(port: exporterPort))
        defer { exporter.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let targetsFile = dir.file("targets.json")
        let groups = Self.groups.map { (targets, labels) in
            (targets.map { $0.replacingOccurrences(of: "PORT", with: "\(exporterPort)") }, labels)
        }
        let json = try JSONSerialization.data(
            withJSONObject: groups.map { ["targets": $0.0, "labels": $0.1] }, options: [.sortedKeys])
        try json.write(to: URL(fileURLWithPath: targetsFile))
        let config = dir.file("prometheus.yml")
        try Self.config(targetsFile: targetsFile).write(toFile: config, atomically: true, encoding: .utf8)

        let promPort = try PeerProcess.freeTCPPort()
        let prometheus = try await PeerProcess.start(
            executable: Self.prometheus,
            arguments: [
                "--config.file=\(config)", "--storage.tsdb.path=\(dir.file("prom-data"))",
                "--web.listen-address=127.0.0.1:\(promPort)",
            ],
            readiness: .tcpPort(port: promPort))
        defer { prometheus.stop() }
        let sextant = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { sextant.stop() }

        // 12 active targets (9 in diff, 3 in keep-only) and 12 dropped, every active one scraped at least once.
        func settled(_ base: String) async throws -> Snapshot? {
            let s = try await snapshot(base)
            return s.active.count == 12 && s.dropped.count == 12 && s.allScraped ? s : nil
        }
        let theirs = try #require(
            try await TestHTTP.eventually { try await settled("http://127.0.0.1:\(promPort)") },
            "prometheus did not settle:\n\(prometheus.output)")
        let settledOurs = try await TestHTTP.eventually { try await settled(sextant.baseURL) }
        let last = try await snapshot(sextant.baseURL)
        let ours = try #require(settledOurs, "sextant did not settle: \(last)\n\(sextant.process.output)")

        #expect(ours.active.keys.sorted() == theirs.active.keys.sorted())
        for key in theirs.active.keys.sorted() {
            #expect(ours.active[key] == theirs.active[key], "fields of \(key)")
            #expect(ours.activeLabels[key] == theirs.activeLabels[key], "labels of \(key)")
        }
        #expect(ours.dropped == theirs.dropped)

        // discoveredLabels of active targets: Prometheus 3's (pre-relabeling) sets, see the type's comment.
        var expected: [String: [String: String]] = [:]
        for key in theirs.active.keys {
            let job = String(key.prefix { $0 != " " })
            // The address is the scrape URL's authority (relabeling does not change it in this config).
            let url = theirs.active[key]?["scrapeUrl"] ?? ""
            let afterScheme = url.components(separatedBy: "://").last ?? ""
            let address = String(afterScheme.prefix { $0 != "/" })
            let labels = try #require(groups.first { $0.0.contains(address) }?.1)
            expected[key] = expectedDiscovered(job: job, address: address, labels: labels, file: targetsFile)
        }
        #expect(ours.activeDiscovered == expected)

        // The exporter's two targets are up in both; the others down.
        let up = theirs.active.values.filter { $0["health"] == "up" }.count
        #expect(up == 4, "\(theirs.active)")

        // Both scraped the same exporter: the same metric metadata, per metric and per target.
        let promBase = "http://127.0.0.1:\(promPort)"
        func metadata(_ base: String) async throws -> [String: Set<[String: String]>] {
            let r = try await TestHTTP.get("\(base)/api/v1/metadata")
            let data = try #require(try r.json()["data"] as? [String: [[String: String]]])
            return data.mapValues(Set.init)
        }
        #expect(try await metadata(sextant.baseURL) == (try await metadata(promBase)))
        func targetMetadata(_ base: String) async throws -> Set<[String: String]> {
            let selector = TestHTTP.escape(#"{job="diff"}"#)
            let r = try await TestHTTP.get("\(base)/api/v1/targets/metadata?metric=node_load1&match_target=\(selector)")
            let data = try #require(try r.json()["data"] as? [[String: Any]])
            return Set(data.map { e in
                var flat = (e["target"] as? [String: String]) ?? [:]
                for k in ["metric", "type", "help", "unit"] { flat["@" + k] = e[k] as? String ?? "<absent>" }
                return flat
            })
        }
        let theirMetadata = try await targetMetadata(promBase)
        #expect(theirMetadata.count == 2)
        #expect(try await targetMetadata(sextant.baseURL) == theirMetadata)
    }
}
