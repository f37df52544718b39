import Foundation
import PromConfig
import PromModel
import TestSupport
import Testing

struct PrometheusConfigTests {
    @Test func defaultConfigScrapesItself() throws {
        let c = try PrometheusConfig.parse(yaml: PrometheusConfig.defaultYAML, filename: "default", environment: [:])
        #expect(c.global.scrapeInterval == .seconds(15))
        #expect(c.global.scrapeTimeout == .seconds(10))
        #expect(c.scrapeConfigs.map(\.jobName) == ["sextant"])
        #expect(c.scrapeConfigs[0].staticConfigs == [StaticConfig(targets: ["localhost:9090"])])
        #expect(c.scrapeConfigs[0].scrapeInterval == .seconds(15))
        #expect(PrometheusConfig.defaultConfig == c)
    }

    @Test func emptyConfigHasPrometheusDefaults() throws {
        let c = try PrometheusConfig.parse(yaml: "", filename: "empty")
        #expect(c.global.scrapeInterval == .minutes(1))
        #expect(c.global.scrapeTimeout == .seconds(10))
        #expect(c.global.evaluationInterval == .minutes(1))
        #expect(c.global.scrapeProtocols == ScrapeProtocol.defaults)
        #expect(c.scrapeConfigs.isEmpty)
    }

    @Test func scrapeConfigDefaults() throws {
        let c = try PrometheusConfig.parse(yaml: "scrape_configs: [{job_name: x}]", filename: "t")
        let s = c.scrapeConfigs[0]
        #expect(s.metricsPath == "/metrics")
        #expect(s.scheme == "http")
        #expect(s.honorLabels == false)
        #expect(s.honorTimestamps == true)
        #expect(s.enableCompression == true)
        #expect(s.httpClientConfig.followRedirects)
        #expect(s.relabelConfigs.isEmpty)
    }

    @Test func intervalsInheritAndTimeoutIsCapped() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/inherit.good.yml")
        let byJob = Dictionary(uniqueKeysWithValues: c.scrapeConfigs.map { ($0.jobName, $0) })
        #expect(byJob["a"]?.scrapeInterval == .seconds(30))
        #expect(byJob["a"]?.scrapeTimeout == .seconds(20))
        #expect(byJob["b"]?.scrapeInterval == .seconds(5))
        #expect(byJob["b"]?.scrapeTimeout == .seconds(5))
        #expect(byJob["c"]?.scrapeInterval == .seconds(90))
        #expect(byJob["c"]?.scrapeTimeout == .minutes(1))

        let g = try PrometheusConfig.load(path: "\(fixturesDirectory)/global-defaults.good.yml")
        #expect(g.global.scrapeTimeout == .seconds(5))
        #expect(g.scrapeConfigs[0].scrapeTimeout == .seconds(5))
    }

    @Test func basicFixtureValues() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/basic.good.yml")
        #expect(c.global.externalLabels == Labels(["cluster": "eu-1", "replica": "a"]))
        // Relative rule globs are resolved against the config file's directory, as Prometheus does.
        #expect(c.ruleFiles == ["\(fixturesDirectory)/rules/*.yml", "/etc/prometheus/alerts.yml"])
        let node = c.scrapeConfigs[1]
        #expect(node.scheme == "https")
        #expect(node.params["module"] == ["http_2xx"])
        #expect(node.sampleLimit == 1000)
        #expect(node.staticConfigs[0].labels == Labels(["env": "prod"]))
        #expect(node.relabelConfigs.map(\.action) == [
            .replace, .keep, .drop, .hashmod, .labelmap, .labeldrop, .uppercase, .lowercase,
        ])
        #expect(node.relabelConfigs[0].regex.pattern == #"([^:]+):\d+"#)
        #expect(node.relabelConfigs[3].modulus == 4)
        #expect(node.metricRelabelConfigs.map(\.action) == [.drop, .labelkeep, .keepequal, .dropequal])

        let target = Labels(["__address__": "node-1:9100", "env": "prod"])
        let out = try #require(relabel(target, node.relabelConfigs))
        #expect(out.get("host") == "node-1")
        #expect(out.get("env_upper") == "PROD")
        #expect(!out.has("__tmp_hash"))
    }

    @Test func externalLabelsExpandEnvironment() throws {
        let yaml = """
            global:
              external_labels:
                cluster: ${CLUSTER}
                pod: $POD-x
                price: $$5
                missing: a${NOPE}b
            """
        let c = try PrometheusConfig.parse(yaml: yaml, filename: "t", environment: ["CLUSTER": "eu", "POD": "p0"])
        #expect(c.global.externalLabels == Labels(["cluster": "eu", "pod": "p0-x", "price": "$5", "missing": "ab"]))
    }

    @Test func loadReportsThePathItWasGiven() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("prometheus.yml")
        try "scrape_configs:\n  - job_name: x\n    scrape_intervall: 1s\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError(file: path, line: 3, column: 5, path: "scrape_configs[0]",
                                    message: #"unknown field "scrape_intervall""#)) {
            try PrometheusConfig.load(path: path)
        }
        #expect(throws: ConfigError(file: dir.file("nope.yml"), message: "cannot read file: no such file or not readable")) {
            try PrometheusConfig.load(path: dir.file("nope.yml"))
        }
    }

    @Test(arguments: fixtures(suffix: ".good.yml"))
    func printedConfigLoadsBackUnchanged(_ name: String) throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/\(name)")
        let printed = try c.yaml(revealSecrets: true)
        let again = try PrometheusConfig.parse(yaml: printed, filename: "printed \(name)")
        #expect(again == c, "\(printed)")
    }

    @Test func printsLikePrometheus() throws {
        let c = try PrometheusConfig.parse(yaml: PrometheusConfig.defaultYAML, filename: "d", environment: [:])
        let expected = """
            global:
              scrape_interval: 15s
              scrape_timeout: 10s
              scrape_protocols:
              - OpenMetricsText1.0.0
              - OpenMetricsText0.0.1
              - PrometheusText0.0.4
              evaluation_interval: 15s
            scrape_configs:
            - job_name: sextant
              honor_labels: false
              honor_timestamps: true
              track_timestamps_staleness: false
              scrape_interval: 15s
              scrape_timeout: 10s
              scrape_protocols:
              - OpenMetricsText1.0.0
              - OpenMetricsText0.0.1
              - PrometheusText0.0.4
              enable_compression: true
              metrics_path: /metrics
              scheme: http
              follow_redirects: true
              enable_http2: true
              static_configs:
              - targets:
                - localhost:9090

            """
        #expect(try c.yaml() == expected)
    }
}
