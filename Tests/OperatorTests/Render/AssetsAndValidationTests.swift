import Foundation
import Testing

@testable import Operator

struct AssetsSecretTests {
    @Test func copiesReferencedKeysAndReportsMissingOnes() throws {
        let sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-default.yaml"))
        let present = AssetKey(.secret, namespace: "shop", name: "tls", key: "ca.crt")
        let absent = AssetKey(.configmap, namespace: "shop", name: "gone", key: "ca.crt")
        let r = AssetsSecretRenderer.render(
            sx, referenced: [present, absent], values: [present: "PEM"], webConfig: "x: 1\n")
        #expect(r.missing == [absent])
        #expect(r.secret.metadata.name == "sextant-main-assets")
        guard case .secret(let data) = r.secret.body else {
            Issue.record("not a Secret")
            return
        }
        #expect(data == ["secret_shop_tls_ca.crt": "UEVN", "web-config.yaml": "eDogMQo="])
        let yaml = try YAMLWriter.encode(r.secret)
        #expect(yaml.contains("type: Opaque\ndata:\n  secret_shop_tls_ca.crt: UEVN\n"))
    }
}

struct SextantValidationTests {
    @Test func fixturesAreValid() throws {
        for f in ["sextant-default.yaml", "sextant-sharded.yaml", "sextant-web.yaml"] {
            #expect(try YAMLWriter.decode(Sextant.self, from: Golden.fixture(f)).spec.validate() == [], "\(f)")
        }
    }

    @Test func crossFieldErrorsNameFieldAndValue() {
        var spec = SextantSpec()
        spec.storage = StorageSpec(
            volumeClaimTemplate: VolumeClaimTemplate(spec: PersistentVolumeClaimSpec()), emptyDir: EmptyDirSource())
        spec.scrapeInterval = "15s"
        spec.scrapeTimeout = "20s"
        spec.retention = "forever"
        spec.shards = 0
        spec.remoteWrite = [RemoteWriteSpec(url: "metrics.example.com/write")]
        #expect(
            spec.validate().map(\.description) == [
                "spec.storage \"volumeClaimTemplate+emptyDir\": set only one of them",
                "spec.shards \"0\": must be at least 1",
                "spec.retention \"forever\": not a duration such as 30s or 1m30s",
                "spec.scrapeTimeout \"20s\": greater than scrapeInterval 15s",
                "spec.remoteWrite[0].url \"metrics.example.com/write\": must be an http or https URL",
            ])
    }
}
