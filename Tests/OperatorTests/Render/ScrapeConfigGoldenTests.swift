import Foundation
import Testing

@testable import Operator

/// Scenarios: a `Sextant` fixture plus monitor fixtures → one golden `prometheus.yml` per shard.
struct ConfigScenario: Sendable, CustomStringConvertible {
    var name: String
    var sextant: String
    var serviceMonitors: [String]
    var podMonitors: [String]
    var rules: [String] = []
    var additional: String? = nil
    var probes: [String] = []
    var description: String { name }
}

struct ScrapeConfigGoldenTests {
    static let scenarios: [ConfigScenario] = [
        ConfigScenario(
            name: "default", sextant: "sextant-default.yaml",
            serviceMonitors: ["servicemonitor-basic.yaml", "servicemonitor-secure.yaml"],
            podMonitors: ["podmonitor-basic.yaml"], rules: ["sextant-main-rulefiles-0"]),
        ConfigScenario(
            name: "sharded", sextant: "sextant-sharded.yaml", serviceMonitors: ["servicemonitor-basic.yaml"],
            podMonitors: [], additional: "additional-scrape-configs.yaml",
            probes: ["probe-static.yaml", "probe-ingress.yaml"]),
    ]

    /// OAuth2 client IDs the operator would have read (Prometheus takes them only inline); secrets never get here.
    static let knownValues: [AssetKey: String] = [
        AssetKey(.secret, namespace: "jobs", name: "oauth", key: "id"): "worker-client"
    ]

    static func inputs(_ s: ConfigScenario) throws -> ServerConfigInputs {
        try makeInputs(s)
    }

    static func makeInputs(_ s: ConfigScenario) throws -> ServerConfigInputs {
        var inputs = ServerConfigInputs(
            sextant: try YAMLWriter.decode(Sextant.self, from: Golden.fixture(s.sextant)),
            serviceMonitors: try s.serviceMonitors.map {
                try YAMLWriter.decode(ServiceMonitor.self, from: Golden.fixture($0))
            },
            podMonitors: try s.podMonitors.map { try YAMLWriter.decode(PodMonitor.self, from: Golden.fixture($0)) },
            ruleConfigMaps: s.rules, assets: Assets(values: knownValues))
        inputs.additionalScrapeConfigs = try s.additional.map(Golden.fixture)
        inputs.probes = try s.probes.map { try YAMLWriter.decode(Probe.self, from: Golden.fixture($0)) }
        return inputs
    }

    static func goldenNames(_ s: ConfigScenario, shards: Int) -> [String] {
        (0..<shards).map { "config-\(s.name)-shard\($0).prom.yaml" }
    }

    @Test(arguments: scenarios) func configMatchesGolden(_ s: ConfigScenario) throws {
        let inputs = try Self.inputs(s)
        let shards = Int(inputs.sextant.spec.shards ?? 1)
        for (shard, name) in Self.goldenNames(s, shards: shards).enumerated() {
            let rendered = try ServerConfigRenderer.render(inputs, shard: shard)
            #expect(rendered.rejected == [])
            try Golden.check(try rendered.yaml(), repoPath: Golden.golden(name))
        }
    }

    /// No secret value is ever written into a config: every credential is a file under the assets directory.
    @Test func credentialsAreFiles() throws {
        let rendered = try ServerConfigRenderer.render(try Self.inputs(Self.scenarios[0]), shard: 0)
        let yaml = try rendered.yaml()
        #expect(yaml.contains("password_file: /etc/sextant/secrets/secret_payments_scrape-auth_password"))
        #expect(yaml.contains("ca_file: /etc/sextant/secrets/secret_payments_payments-tls_ca.crt"))
        #expect(yaml.contains("cert_file: /etc/sextant/secrets/configmap_payments_payments-client_tls.crt"))
        #expect(yaml.contains("username_file: /etc/sextant/secrets/secret_payments_scrape-auth_user"))
        #expect(!yaml.contains("password:") && !yaml.contains("username:"))
        #expect(rendered.assets.contains(AssetKey(.secret, namespace: "jobs", name: "worker-token", key: "token")))
        #expect(rendered.assets.count == 8)
    }

    /// The OAuth2 client ID is the one value Prometheus needs inline: without it the monitor is rejected.
    @Test func unreadableClientIDRejectsMonitor() throws {
        var inputs = try Self.inputs(Self.scenarios[0])
        inputs.assets = Assets()
        let rendered = try ServerConfigRenderer.render(inputs, shard: 0)
        #expect(rendered.rejected.map(\.name) == ["workers"])
        #expect(rendered.rejected.first?.reason == "oauth2.clientId \"secret oauth/id\": value could not be read")
    }

    /// A monitor that cannot be rendered is rejected with a reason; the others still render.
    @Test func badMonitorIsRejectedWithReason() throws {
        var inputs = try Self.inputs(Self.scenarios[0])
        inputs.serviceMonitors[0].spec.endpoints[0].scrapeTimeout = "20s"
        inputs.serviceMonitors[1].spec.selector.matchExpressions?.append(
            .init(key: "x", operator: .init(rawValue: "Near")))
        let rendered = try ServerConfigRenderer.render(inputs, shard: 0)
        #expect(
            rendered.rejected.map(\.reason) == [
                "label selector on \"x\": operator \"Near\" is not one of In, NotIn, Exists, DoesNotExist",
                "spec.endpoints[0].scrapeTimeout \"20s\": greater than scrape interval 15s",
            ])
        #expect(
            rendered.config.scrapeConfigs.map(\.jobName) == ["podMonitor/jobs/workers/0", "podMonitor/jobs/workers/1"])
    }

    /// Every golden config passes the real `promtool check config` (skipped when promtool is not installed).
    @Test(arguments: scenarios) func goldenConfigsPassPromtool(_ s: ConfigScenario) throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else { return }
        let shards = Int(try Self.inputs(s).sextant.spec.shards ?? 1)
        for name in Self.goldenNames(s, shards: shards) {
            let text = try String(contentsOf: Golden.testsDir.appendingPathComponent("Golden/\(name)"), encoding: .utf8)
            let (status, output) = try Promtool.checkConfig(text, promtool: promtool)
            #expect(status == 0, "\(name): \(output)")
        }
    }
}

struct AdditionalScrapeConfigTests {
    @Test func duplicateJobNameIsRejected() throws {
        let yaml = "- job_name: serviceMonitor/shop/api/0\n  static_configs: [{targets: [a:1]}]\n"
        #expect(
            throws: RenderError.invalidField(
                path: "spec.additionalScrapeConfigs[0].job_name", value: "serviceMonitor/shop/api/0",
                reason: "duplicate job name")
        ) {
            try ServerConfigRenderer.additional(yaml, names: ["serviceMonitor/shop/api/0"])
        }
        #expect(throws: RenderError.self) { try ServerConfigRenderer.additional("job_name: x", names: []) }
    }
}

struct EndpointSliceRoleTests {
    /// With `serviceDiscoveryRole: EndpointSlice` the job uses that role and its own meta label names.
    @Test func endpointSliceUsesSliceLabels() throws {
        var sm = try YAMLWriter.decode(ServiceMonitor.self, from: Golden.fixture("servicemonitor-basic.yaml"))
        sm.spec.serviceDiscoveryRole = .endpointSlice
        var assets = Assets()
        let jobs = try ServiceMonitorRenderer.render(sm, defaults: ScrapeDefaults(), sharding: .none, assets: &assets)
        #expect(jobs[0].kubernetesSDConfigs?.first?.role == "endpointslice")
        let sources = Set((jobs[0].relabelConfigs ?? []).flatMap { $0.sourceLabels ?? [] })
        #expect(sources.contains("__meta_kubernetes_endpointslice_port_name"))
        #expect(sources.contains("__meta_kubernetes_endpointslice_address_target_kind"))
        #expect(!sources.contains { $0.hasPrefix("__meta_kubernetes_endpoint_") })
    }
}
