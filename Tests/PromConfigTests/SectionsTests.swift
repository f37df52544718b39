import PromConfig
import PromModel
import Testing

struct SectionsTests {
    @Test func alertingRemoteAndStorage() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/full.good.yml")
        #expect(c.alerting.alertRelabelConfigs.map(\.action) == [.labeldrop])
        #expect(c.alerting.alertmanagers.count == 2)
        let am = c.alerting.alertmanagers[0]
        #expect(am.timeout == .seconds(5))
        #expect(am.pathPrefix == "/alertmanager")
        #expect(am.serviceDiscovery.staticConfigs[0].targets == ["alertmanager-0:9093", "alertmanager-1:9093"])
        #expect(c.alerting.alertmanagers[1].timeout == .seconds(10))
        #expect(c.alerting.alertmanagers[1].serviceDiscovery.fileSDConfigs.count == 1)

        let w = c.remoteWrite[0]
        #expect(w.name == "primary")
        #expect(w.remoteTimeout == .seconds(10))
        #expect(w.headers["X-Scope-OrgID"] == "tenant-1")
        #expect(w.queueConfig.capacity == 20_000)
        #expect(w.queueConfig.minBackoff == PromDuration(milliseconds: 100))
        #expect(w.queueConfig.retryOnHTTP429)
        #expect(w.metadataConfig.send == false)
        #expect(w.httpClientConfig.basicAuth?.username == "writer")
        #expect(c.remoteWrite[1].queueConfig == QueueConfig())
        #expect(c.remoteWrite[1].remoteTimeout == .seconds(30))

        let r = c.remoteRead[0]
        #expect(r.requiredMatchers == Labels(["env": "prod"]))
        #expect(r.readRecent)
        #expect(r.filterExternalLabels == false)
        #expect(r.remoteTimeout == .minutes(1))

        #expect(c.storage.outOfOrderTimeWindow == .minutes(30))
        #expect(c.storage.maxExemplars == 100_000)
        #expect(c.tracing.endpoint == "otel-collector:4317")
        #expect(c.tracing.samplingFraction == 0.1)
    }

    @Test func scrapeConfigFilesAreIncluded() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/newest.good.yml")
        #expect(c.scrapeConfigFiles == ["\(fixturesDirectory)/scrape-configs/*.yml"])
        #expect(c.scrapeConfigs.map(\.jobName) == ["inline"])
        #expect(c.includedScrapeConfigs.map(\.jobName) == ["from-file"])
        #expect(c.allScrapeConfigs.map(\.jobName) == ["inline", "from-file"])
        #expect(c.includedScrapeConfigs[0].scrapeInterval == c.global.scrapeInterval)
        #expect(c.remoteWrite[0].protobufMessage == .v2)
        #expect(c.otlp.translationStrategy == "NoUTF8EscapingWithSuffixes")
        #expect(c.runtimeGOGC == 50)
        #expect(c.scrapeConfigs[0].fallbackScrapeProtocol == .prometheusText0_0_4)
    }
}

struct YAMLFeatureTests {
    @Test func anchorsAliasesAndMergeKeys() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/anchors.good.yml")
        #expect(c.scrapeConfigs.map(\.jobName) == ["first", "second", "third"])
        let second = c.scrapeConfigs[1]
        #expect(second.scheme == "https")
        #expect(second.metricsPath == "/probe")
        #expect(second.scrapeInterval == .seconds(10))
        #expect(second.staticConfigs == c.scrapeConfigs[0].staticConfigs)
        #expect(c.scrapeConfigs[2].staticConfigs[0].targets == ["a:80"])
    }

    @Test func mergedUnknownFieldPointsAtTheAnchoredText() throws {
        let yaml = """
            defaults: &d
              scrape_intervall: 10s
            """
        let withMerge = yaml + "\nscrape_configs:\n  - <<: *d\n    job_name: x\n"
        #expect(throws: ConfigError(file: "t", line: 1, column: 1, path: "", message: #"unknown field "defaults""#)) {
            try PrometheusConfig.parse(yaml: withMerge, filename: "t")
        }
        let onlyMerge = "scrape_configs:\n  - <<: {scrape_intervall: 10s}\n    job_name: x\n"
        #expect(throws: ConfigError(file: "t", line: 2, column: 10, path: "scrape_configs[0]", message: #"unknown field "scrape_intervall""#)) {
            try PrometheusConfig.parse(yaml: onlyMerge, filename: "t")
        }
    }
}

struct HistogramAndNamingFieldsTests {
    @Test func prometheus3ScrapeFields() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/newest.good.yml")
        let s = c.scrapeConfigs[0]
        #expect(s.metricNameValidationScheme == .legacy)
        #expect(s.metricNameEscapingScheme == .dots)
        #expect(s.alwaysScrapeClassicHistograms)
        #expect(s.convertClassicHistogramsToNHCB)
        #expect(s.nativeHistogramBucketLimit == 160)
        #expect(s.nativeHistogramMinBucketFactor == 1.1)
        #expect(s.metricsPath == "/federate")
        #expect(c.includedScrapeConfigs[0].metricNameEscapingScheme == .allowUTF8)
    }
}
