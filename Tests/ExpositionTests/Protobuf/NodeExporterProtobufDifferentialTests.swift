import Exposition
import Foundation
import PromModel
import Testing
import TestSupport

/// The same real `prometheus-node-exporter` (Debian package) fetched twice on loopback, once as text and once
/// as protobuf: both parsers must see the same series (names and labels), types and help texts. Values are not
/// compared: counters move between the two fetches.
@Suite struct NodeExporterProtobufDifferentialTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let protobufAccept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"

    struct Exposed: Equatable {
        var series: Set<Labels> = []
        var metadata: [String: MetricMetadata] = [:]
    }

    @Test func textAndProtobufScrapesAgree() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let port = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: [
                "--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.cpu",
                "--collector.loadavg", "--collector.meminfo", "--collector.stat",
            ],
            readiness: .tcpPort(port: port))
        defer { exporter.stop() }
        let url = "http://127.0.0.1:\(port)/metrics"

        let text = try await TestHTTP.getBytes(url, headers: ["Accept": "text/plain;version=0.0.4"])
        let proto = try await TestHTTP.getBytes(url, headers: ["Accept": Self.protobufAccept])
        #expect(text.status == 200 && proto.status == 200)
        #expect(ExpositionFormat.from(contentType: text.contentType) == .prometheusText)
        #expect(ExpositionFormat.from(contentType: proto.contentType) == .protobuf, "\(proto.contentType ?? "none")")

        let fromText = try parseText(text.body)
        let fromProto = try parseProto(proto.body)
        #expect(fromText.series.count > 100)
        #expect(fromProto.series.subtracting(fromText.series).isEmpty, "only in protobuf: \(fromProto.series.subtracting(fromText.series))")
        #expect(fromText.series.subtracting(fromProto.series).isEmpty, "only in text: \(fromText.series.subtracting(fromProto.series))")
        #expect(fromProto.metadata == fromText.metadata)
        // Every shape is covered: counters, gauges, a summary with quantiles.
        #expect(fromProto.metadata["node_cpu_seconds_total"]?.type == .counter)
        #expect(fromProto.metadata["node_load1"]?.type == .gauge)
        #expect(fromProto.metadata["go_gc_duration_seconds"]?.type == .summary)
        #expect(fromProto.series.contains(Labels(["__name__": "go_gc_duration_seconds", "quantile": "0.75"])))
        #expect(fromProto.series.contains(Labels(["__name__": "go_gc_duration_seconds_count"])))
    }

    func parseText(_ body: [UInt8]) throws -> Exposed {
        var p = ExpositionParser(body, format: .prometheusText)
        var out = Exposed()
        while let e = try p.next() {
            switch e {
            case .series: out.series.insert(p.labels())
            case .help: out.metadata[p.metricFamilyName, default: MetricMetadata()].help = p.helpText
            case .type: out.metadata[p.metricFamilyName, default: MetricMetadata()].type = p.metricType
            default: break
            }
        }
        return out
    }

    func parseProto(_ body: [UInt8]) throws -> Exposed {
        var p = ProtobufParser(body)
        var out = Exposed()
        while let e = try p.next() {
            switch e {
            case .series, .histogram: out.series.insert(p.labels())
            case .help: out.metadata[p.metricFamilyName, default: MetricMetadata()].help = p.helpText
            case .type: out.metadata[p.metricFamilyName, default: MetricMetadata()].type = p.metricType
            case .unit: break
            }
        }
        return out
    }
}
