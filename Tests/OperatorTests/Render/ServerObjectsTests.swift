import Foundation
import TestSupport
import Testing

@testable import Operator

struct ServerObjectsTests {
    static func objects(_ fixture: String, pdb: PDBVersion = .v1beta1) throws -> [KubeObject] {
        let sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture(fixture))
        let rule = try YAMLWriter.decode(PrometheusRule.self, from: Golden.fixture("prometheusrule-basic.yaml"))
        let files = [try RuleFileRenderer.render(rule)]
        let ruleMaps = ServerObjectsRenderer.ruleConfigMapNames(sx, ruleFiles: files)
        let inputs = ServerConfigInputs(sextant: sx, ruleConfigMaps: ruleMaps)
        let configs = try (0..<Int(sx.spec.shards ?? 1)).map {
            try ServerConfigRenderer.render(inputs, shard: $0).yaml()
        }
        return try ServerObjectsRenderer.render(.init(sextant: sx, configs: configs, ruleFiles: files, pdbVersion: pdb))
    }

    @Test(arguments: ["sextant-default.yaml", "sextant-sharded.yaml", "sextant-web.yaml"]) func objectsMatchGolden(
        _ fixture: String
    ) throws {
        let yaml = try YAMLWriter.encodeDocuments(try Self.objects(fixture))
        let name = fixture.replacingOccurrences(of: ".yaml", with: "")
        try Golden.check(yaml, repoPath: Golden.golden("objects-\(name).yaml"))
    }

    @Test func shardedServerHasOneStatefulSetAndPDBPerShard() throws {
        let objs = try Self.objects("sextant-sharded.yaml")
        #expect(
            objs.filter { $0.kind == "StatefulSet" }.compactMap(\.metadata.name) == [
                "sextant-big-shard-0", "sextant-big-shard-1",
            ])
        #expect(
            objs.filter { $0.kind == "PodDisruptionBudget" }.map(\.apiVersion) == ["policy/v1beta1", "policy/v1beta1"])
        let v1 = try Self.objects("sextant-sharded.yaml", pdb: .v1)
        #expect(v1.filter { $0.kind == "PodDisruptionBudget" }.map(\.apiVersion) == ["policy/v1", "policy/v1"])
        // Single replica: nothing to protect, no PDB.
        #expect(try Self.objects("sextant-default.yaml").filter { $0.kind == "PodDisruptionBudget" }.isEmpty)
    }

    /// The pod runs hardened and with the flags Prometheus tooling expects.
    @Test func podIsHardenedAndUsesPrometheusFlags() throws {
        let objs = try Self.objects("sextant-sharded.yaml")
        guard case .statefulSet(let set) = objs.first(where: { $0.kind == "StatefulSet" })!.body else {
            Issue.record("no StatefulSet")
            return
        }
        let pod = set.template.spec
        let c = pod.containers[0]
        #expect(c.args.contains("--config.kubernetes-configmap=monitoring/sextant-big-shard-0-config"))
        #expect(c.args.contains("--storage.tsdb.retention.time=15d"))
        #expect(c.args.contains("--web.enable-lifecycle"))
        #expect(c.securityContext.readOnlyRootFilesystem && !c.securityContext.allowPrivilegeEscalation)
        #expect(c.securityContext.capabilities.drop == ["ALL"])
        #expect(pod.securityContext.seccompProfile == .runtimeDefault && pod.securityContext.runAsNonRoot == true)
        #expect(c.readinessProbe.httpGet?.path == "/-/ready" && c.livenessProbe.httpGet?.path == "/-/healthy")
        #expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 3600)
        #expect(set.volumeClaimTemplates?.first?.spec.storageClassName == "fast")
    }

    /// RBAC is read-only discovery plus reads of exactly its own config ConfigMaps (list and watch with a
    /// `metadata.name` field selector are authorized by resource name, which the server's informer needs).
    @Test func rbacIsLeastPrivilege() throws {
        let objs = try Self.objects("sextant-sharded.yaml")
        let verbs = Set(
            objs.compactMap { o -> [PolicyRule]? in if case .role(let r) = o.body { return r } else { return nil } }
                .flatMap { $0 }.flatMap(\.verbs))
        #expect(verbs == ["get", "list", "watch"])
        let role = objs.first { $0.kind == "Role" }!
        guard case .role(let rules) = role.body else { return }
        #expect(
            rules == [
                PolicyRule(
                    apiGroups: [""], resources: ["configmaps"],
                    resourceNames: ["sextant-big-shard-0-config", "sextant-big-shard-1-config"],
                    verbs: ["get", "list", "watch"])
            ])
    }

    /// A config too large for one ConfigMap is refused with its size, instead of failing at apply time.
    @Test func oversizedConfigIsRefused() throws {
        let sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-default.yaml"))
        let huge = String(repeating: "#", count: RuleFileRenderer.configMapBudget + 1)
        #expect(throws: RenderError.self) { try ServerObjectsRenderer.render(.init(sextant: sx, configs: [huge])) }
    }

    /// The input hash changes with any input and only then.
    @Test func inputHashTracksInputs() throws {
        let a = try Self.objects("sextant-sharded.yaml")
        let b = try Self.objects("sextant-sharded.yaml")
        let hash = { (o: [KubeObject]) in
            o.first { $0.kind == "StatefulSet" }!.metadata.annotations![ServerObjectsRenderer.inputHashAnnotation]!
        }
        #expect(hash(a) == hash(b))
        var sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-sharded.yaml"))
        sx.spec.retention = "30d"
        let c = try ServerObjectsRenderer.render(.init(sextant: sx, configs: ["", ""]))
        #expect(hash(a) != hash(c))
        #expect(hash(a).count == 16)
    }
}

struct RuleFileTests {
    @Test func ruleFileMatchesGolden() throws {
        let rule = try YAMLWriter.decode(PrometheusRule.self, from: Golden.fixture("prometheusrule-basic.yaml"))
        let file = try RuleFileRenderer.render(rule)
        #expect(file.name == "shop-api-rules.yaml")
        try Golden.check(file.content, repoPath: Golden.golden("rules-shop-api-rules.yaml"))
    }

    /// Files are packed into ConfigMaps that stay under the budget, each file whole, in name order.
    @Test func packingSplitsBeforeTheLimit() {
        let files = (0..<5).map {
            RuleFileRenderer.RuleFile(name: "f\($0).yaml", content: String(repeating: "x", count: 400))
        }
        let maps = RuleFileRenderer.pack(files, budget: 1000)
        #expect(maps.map { $0.keys.sorted() } == [["f0.yaml", "f1.yaml"], ["f2.yaml", "f3.yaml"], ["f4.yaml"]])
        #expect(RuleFileRenderer.pack([], budget: 1000).isEmpty)
    }

    /// Every golden rule file passes `promtool check rules`.
    @Test func goldenRulesPassPromtool() throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else { return }
        let text = try String(
            contentsOf: Golden.testsDir.appendingPathComponent("Golden/rules-shop-api-rules.yaml"), encoding: .utf8)
        let dir = try TemporaryDirectory(prefix: "operator-rules")
        defer { dir.remove() }
        let (status, output) = try Promtool.run(promtool, ["check", "rules"], text, in: dir)
        #expect(status == 0, "\(output)")
    }
}
