import Foundation
import Testing

@testable import Operator

struct DecodingTests {
    /// prometheus-operator YAML decodes with only the apiVersion changed, including fields we do not act on.
    @Test func upstreamServiceMonitorDecodes() throws {
        let yaml = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: kube-state-metrics, namespace: monitoring, labels: {release: kps}}
            spec:
              jobLabel: app.kubernetes.io/name
              attachMetadata: {node: true}
              scrapeProtocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
              nativeHistogramMinBucketFactor: "1.1"
              keepDroppedTargets: 10
              selectorMechanism: RoleSelector
              selector:
                matchLabels: {app.kubernetes.io/name: kube-state-metrics}
              endpoints:
              - port: http
                honorLabels: true
                scheme: HTTPS
                targetPort: 8080
                proxyConnectHeader:
                  X-Auth: [{name: proxy, key: token}]
                oauth2:
                  clientId: {configMap: {name: oauth, key: id}}
                  clientSecret: {name: oauth, key: secret}
                  tokenUrl: https://auth/token
                  endpointParams: {audience: metrics}
                metricRelabelings:
                - {action: keepequal, sourceLabels: [a], targetLabel: b}
            """
        let sm = try YAMLWriter.decode(ServiceMonitor.self, from: yaml)
        #expect(sm.spec.endpoints[0].targetPort == .int(8080))
        #expect(sm.spec.endpoints[0].scheme?.normalized == "https")
        #expect(sm.spec.nativeHistogramMinBucketFactor == .string("1.1"))
        #expect(sm.spec.endpoints[0].metricRelabelings?[0].action == .keepequal)
        #expect(sm.spec.attachMetadata?.node == true)
    }

    @Test func ruleExprMayBeANumber() throws {
        let rule = try YAMLWriter.decode(PrometheusRule.self, from: Golden.fixture("prometheusrule-basic.yaml"))
        #expect(rule.spec.groups?[0].rules?.last?.expr == .int(1))
    }

    /// A full `Sextant` round-trips through YAML unchanged.
    @Test func sextantRoundTrips() throws {
        let sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-sharded.yaml"))
        let again = try YAMLWriter.decode(Sextant.self, from: YAMLWriter.encode(sx))
        #expect(sx == again)
        #expect(sx.spec.storage?.volumeClaimTemplate?.spec.resources?.requests?["storage"] == .string("50Gi"))
        #expect(sx.spec.alerting?.alertmanagers[0].port == .string("web"))
    }

    /// A missing required field names the field.
    @Test func missingSelectorIsReported() {
        let yaml = """
            apiVersion: monitoring.sextant.dev/v1
            kind: ServiceMonitor
            metadata: {name: x, namespace: y}
            spec:
              endpoints: [{port: web}]
            """
        #expect(throws: DecodingError.self) { try YAMLWriter.decode(ServiceMonitor.self, from: yaml) }
    }
}
