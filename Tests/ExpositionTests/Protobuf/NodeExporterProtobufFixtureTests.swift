import Exposition
import PromModel
import Testing

/// A real `/metrics` body in the protobuf format, captured from `prometheus-node-exporter` 1.5.0 (Debian
/// package, default collectors) on loopback with the protobuf `Accept` header.
@Suite struct NodeExporterProtobufFixtureTests {
    @Test func parsesEveryFamily() throws {
        let body = try fixture("node_exporter.pb")
        var p = ProtobufParser(body)
        var seen: Set<Labels> = []
        var keys: Set<[UInt8]> = []
        var types: [String: MetricType] = [:]
        var helps = 0
        while let e = try p.next() {
            switch e {
            case .series:
                #expect(seen.insert(p.labels()).inserted, "duplicate series \(p.labels())")
                #expect(keys.insert(p.seriesKey).inserted)
            case .help: helps += 1
            case .type: types[p.metricFamilyName] = p.metricType
            case .unit, .histogram: Issue.record("node_exporter 1.5.0 exposes no units or native histograms")
            }
        }
        #expect(seen.count > 500)
        #expect(helps == types.count)
        #expect(types["node_cpu_seconds_total"] == .counter)
        #expect(types["go_gc_duration_seconds"] == .summary)
        #expect(seen.contains(Labels(["__name__": "go_gc_duration_seconds", "quantile": "0.0"])))
        #expect(seen.contains { $0.metricName == "node_cpu_seconds_total" && $0.get("mode") == "idle" })
    }
}
