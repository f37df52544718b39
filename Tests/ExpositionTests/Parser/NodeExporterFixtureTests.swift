import Exposition
import PromModel
import Testing

/// A real `/metrics` body captured from `prometheus-node-exporter` (Debian package) on loopback.
@Suite struct NodeExporterFixtureTests {
    @Test func parsesEveryLine() throws {
        let body = try fixture("node_exporter.prom")
        let text = String(decoding: body, as: UTF8.self)
        let lines = text.split(separator: "\n")
        let sampleLines = lines.filter { !$0.hasPrefix("#") }
        let helpLines = lines.filter { $0.hasPrefix("# HELP ") }
        let typeLines = lines.filter { $0.hasPrefix("# TYPE ") }

        var p = ExpositionParser(body, format: .prometheusText)
        var series = 0
        var helps = 0
        var types = 0
        var seen: Set<Labels> = []
        while let e = try p.next() {
            switch e {
            case .series:
                series += 1
                // The written series bytes are exactly the line up to the value.
                let line = sampleLines[series - 1]
                #expect(line.utf8.starts(with: body[p.seriesRange]))
                #expect(seen.insert(p.labels()).inserted, "duplicate series \(p.labels())")
            case .help: helps += 1
            case .type: types += 1
            default: Issue.record("unexpected entry \(e)")
            }
        }
        #expect(series == sampleLines.count)
        #expect(series > 400)
        #expect(helps == helpLines.count)
        #expect(types == typeLines.count)
        #expect(seen.contains(Labels(["__name__": "go_info", "version": "go1.19.8"])))
        #expect(seen.contains(Labels(["__name__": "go_gc_duration_seconds", "quantile": "0.0"])))
    }

    @Test func samplesSurviveWriterRoundTrip() throws {
        let body = try fixture("node_exporter.prom")
        var p = ExpositionParser(body, format: .prometheusText)
        var samples: [ExposedSample] = []
        while let e = try p.next() {
            guard e == .series else { continue }
            samples.append(ExposedSample(labels: p.labels(), value: p.value, timestamp: p.timestamp))
        }
        var w = ExpositionWriter()
        for s in samples { w.writeSample(s.labels, value: s.value, timestamp: s.timestamp) }
        var q = ExpositionParser(w.bytes, format: .prometheusText)
        var i = 0
        while try q.next() != nil {
            #expect(q.labels() == samples[i].labels)
            #expect(q.value == samples[i].value || (q.value.isNaN && samples[i].value.isNaN))
            i += 1
        }
        #expect(i == samples.count)
    }
}
