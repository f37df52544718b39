import Exposition
import PromModel
import Testing
import TestSupport

/// Renders a protobuf body one line per entry, like `parseAll` for the text formats; native histograms as
/// `labels H count=… sum=… schema=… pos=offset:[counts] neg=offset:[counts] zero=threshold:count hint`.
func parseAllProto(_ body: [UInt8], classic: Bool = false) throws(ExpositionError) -> [String] {
    var p = ProtobufParser(body, classicHistograms: classic)
    var out: [String] = []
    while let entry = try p.next() {
        switch entry {
        case .help: out.append("HELP \(p.metricFamilyName)|\(p.helpText)")
        case .unit: out.append("UNIT \(p.metricFamilyName)|\(p.unit)")
        case .type: out.append("TYPE \(p.metricFamilyName) \(p.metricType.rawValue)")
        case .series:
            var s = "\(p.labels()) \(formatPromFloat(p.value))"
            if let ts = p.timestamp { s += " @\(ts)" }
            out.append(s)
        case .histogram:
            let h = try p.nativeHistogram()
            out.append(
                "\(p.labels()) H count=\(formatPromFloat(h.count)) sum=\(formatPromFloat(h.sum)) schema=\(h.schema)"
                    + " pos=\(h.positiveOffset):\(h.positive.map(formatPromFloat)) neg=\(h.negativeOffset):\(h.negative.map(formatPromFloat))"
                    + " zero=\(formatPromFloat(h.zeroThreshold)):\(formatPromFloat(h.zeroCount)) \(h.counterResetHint)")
        }
    }
    return out
}

func protoParseError(_ body: [UInt8], classic: Bool = false) -> String {
    do {
        _ = try parseAllProto(body, classic: classic)
        return "no error"
    } catch {
        return error.description
    }
}

typealias PM = ProtoMetrics

/// Compares parsed lines, printing what was parsed when they differ.
func expectLines(_ got: [String], _ want: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    if got != want {
        Issue.record("parsed:\n\(got.joined(separator: "\n"))\nwanted:\n\(want.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}

@Suite struct ProtobufParserTests {
    @Test func countersGaugesAndUntypedWithMetadata() throws {
        let body = ProtoMessage.delimited([
            PM.family(
                "http_requests_total", help: "Requests.", type: .counter,
                metrics: [
                    PM.metric(labels: [("method", "get"), ("code", "200")], type: .counter, value: 3),
                    PM.metric(labels: [("method", "post"), ("code", "")], type: .counter, value: 1.5, timestampMs: 1_700_000_000_123),
                ]),
            PM.family("temp_celsius", help: "Line\nbreak \\ kept.", type: .gauge, unit: "celsius",
                      metrics: [PM.metric(type: .gauge, value: -2.5)]),
            PM.family("u", type: .untyped, metrics: [PM.metric(value: .infinity)]),
        ])
        expectLines(try parseAllProto(body), [
            "HELP http_requests_total|Requests.",
            "TYPE http_requests_total counter",
            #"http_requests_total{code="200", method="get"} 3"#,
            #"http_requests_total{method="post"} 1.5 @1700000000123"#,
            "HELP temp_celsius|Line\nbreak \\ kept.",
            "UNIT temp_celsius|celsius",
            "TYPE temp_celsius gauge",
            #"temp_celsius -2.5"#,
            "HELP u|",
            "TYPE u unknown",
            #"u +Inf"#,
        ])
    }

    @Test func summariesGiveCountSumAndQuantiles() throws {
        let body = ProtoMessage.delimited([
            PM.family("rpc_seconds", type: .summary, metrics: [
                PM.summaryMetric(labels: [("svc", "a")], count: 7, sum: 1.25, quantiles: [(0.5, 0.1), (0.99, 0.4), (1, 0.5)]),
                PM.summaryMetric(count: 0, sum: 0, quantiles: []),
            ])
        ])
        expectLines(Array(try parseAllProto(body).dropFirst(2)), [
            #"rpc_seconds_count{svc="a"} 7"#,
            #"rpc_seconds_sum{svc="a"} 1.25"#,
            #"rpc_seconds{quantile="0.5", svc="a"} 0.1"#,
            #"rpc_seconds{quantile="0.99", svc="a"} 0.4"#,
            #"rpc_seconds{quantile="1.0", svc="a"} 0.5"#,
            #"rpc_seconds_count 0"#,
            #"rpc_seconds_sum 0"#,
        ])
    }

    @Test func classicHistogramsGetAnInfBucket() throws {
        let body = ProtoMessage.delimited([
            PM.family("lat", type: .histogram, metrics: [
                PM.histogramMetric(count: 5, sum: 2, buckets: [(0.25, 1), (1, 3)]),
                // The body's own +Inf bucket ends the series; buckets after it are ignored, as in Prometheus.
                PM.histogramMetric(labels: [("x", "y")], count: 2, sum: 1, buckets: [(1e-5, 1), (.infinity, 2), (9, 9)]),
            ])
        ])
        expectLines(Array(try parseAllProto(body).dropFirst(2)), [
            #"lat_count 5"#,
            #"lat_sum 2"#,
            #"lat_bucket{le="0.25"} 1"#,
            #"lat_bucket{le="1.0"} 3"#,
            #"lat_bucket{le="+Inf"} 5"#,
            #"lat_count{x="y"} 2"#,
            #"lat_sum{x="y"} 1"#,
            #"lat_bucket{le="1e-05", x="y"} 1"#,
            #"lat_bucket{le="+Inf", x="y"} 2"#,
        ])
    }

    static let native = PM.Native(
        schema: 1, zeroThreshold: 0.001, zeroCount: 2, positiveSpans: [(-1, 2), (2, 1)], positiveDeltas: [1, 2, -2],
        negativeSpans: [(0, 1)], negativeDeltas: [4])

    @Test(arguments: [false, true])
    func nativeHistogramsAreOneSampleAndClassicOnlyOnRequest(_ packed: Bool) throws {
        var native = Self.native
        native.packed = packed
        let body = ProtoMessage.delimited([
            PM.family("rt", type: .histogram, metrics: [
                PM.histogramMetric(labels: [("a", "b")], count: 10, sum: 3.5, buckets: [(1, 4)], native: native)
            ])
        ])
        let h = #"rt{a="b"} H count=10 sum=3.5 schema=1 pos=-1:["1", "3", "0", "0", "1"] neg=0:["4"] zero=0.001:2 unknown"#
        expectLines(try parseAllProto(body), ["HELP rt|", "TYPE rt histogram", h])
        expectLines(try parseAllProto(body, classic: true), [
            "HELP rt|", "TYPE rt histogram", h,
            #"rt_count{a="b"} 10"#,
            #"rt_sum{a="b"} 3.5"#,
            #"rt_bucket{a="b", le="1.0"} 4"#,
            #"rt_bucket{a="b", le="+Inf"} 10"#,
        ])
    }

    @Test func floatAndGaugeNativeHistograms() throws {
        var h = ProtoMessage()
        h.double(4, 6.5)  // sample_count_float
        h.double(2, 1)
        h.sint(5, 0)
        h.double(8, 0.5)  // zero_count_float
        var span = ProtoMessage()
        span.sint(1, 3)
        span.varint(2, 2)
        h.message(12, span)
        h.packedDouble(14, [2, 4])
        var m = ProtoMessage()
        m.message(7, h)
        let body = ProtoMessage.delimited([PM.family("g", type: .gaugeHistogram, metrics: [m])])
        expectLines(try parseAllProto(body), [
            "HELP g|", "TYPE g gaugehistogram",
            #"g H count=6.5 sum=1 schema=0 pos=3:["2", "4"] neg=0:[] zero=0:0.5 gauge"#,
        ])
    }

    @Test func aNoOpSpanMakesAnEmptyNativeHistogram() throws {
        let native = PM.Native(schema: 3, positiveSpans: [(0, 0)], positiveDeltas: [])
        let body = ProtoMessage.delimited([
            PM.family("e", type: .histogram, metrics: [PM.histogramMetric(count: 0, sum: 0, buckets: [], native: native)])
        ])
        expectLines(Array(try parseAllProto(body).suffix(1)), [#"e H count=0 sum=0 schema=3 pos=0:[] neg=0:[] zero=0:0 unknown"#])
    }

    @Test func unknownFieldsAreSkippedAndEmptyFamiliesDropped() throws {
        var fam = PM.family("c_total", type: .counter, metrics: [PM.metric(type: .counter, value: 1)])
        fam.varint(99, 12345)
        fam.fixed32(98, 7)
        fam.double(97, 1)
        fam.string(96, "ignored")
        fam.tag(95, 3)  // a proto2 group with one field inside
        fam.varint(1, 1)
        fam.tag(95, 4)
        let body = ProtoMessage.delimited([PM.family("empty", help: "h", type: .gauge, metrics: []), fam])
        expectLines(try parseAllProto(body), ["HELP c_total|", "TYPE c_total counter", #"c_total 1"#])
    }

    /// Only the value message matching the family type is read, as Prometheus does; a missing one is 0.
    @Test func theValueComesFromTheFamilysType() throws {
        let body = ProtoMessage.delimited([
            PM.family("c", type: .counter, metrics: [PM.metric(type: .gauge, value: 9)])
        ])
        expectLines(Array(try parseAllProto(body).suffix(1)), [#"c 0"#])
    }

    @Test func seriesKeysAreStableAndDistinct() throws {
        let body = ProtoMessage.delimited([
            PM.family("s", type: .summary, metrics: [PM.summaryMetric(count: 1, sum: 1, quantiles: [(0.5, 1), (0.9, 1)])]),
            PM.family("h", type: .histogram, metrics: [
                PM.histogramMetric(labels: [("a", "1")], count: 1, sum: 1, buckets: [(1, 1)], native: Self.native),
                PM.histogramMetric(labels: [("a", "2")], count: 1, sum: 1, buckets: [(1, 1)]),
            ]),
            PM.family("g", type: .gauge, metrics: [PM.metric(labels: [("a", "1")], type: .gauge), PM.metric(type: .gauge)]),
        ])
        func keys() throws -> [[UInt8]: Labels] {
            var p = ProtobufParser(body, classicHistograms: true)
            var out: [[UInt8]: Labels] = [:]
            while let e = try p.next() {
                guard e == .series || e == .histogram else { continue }
                #expect(out.updateValue(p.labels(), forKey: p.seriesKey) == nil, "duplicate key for \(p.labels())")
            }
            return out
        }
        let first = try keys()
        #expect(first.count == 2 + 2 + 4 + 1 + 4 + 2)
        #expect(Set(first.values).count == first.count)
        #expect(try keys() == first)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var name: String
        var body: [UInt8]
        var error: String
        var testDescription: String { name }
    }

    static var badCases: [Bad] {
        let good = ProtoMessage.delimited([PM.family("a", type: .gauge, metrics: [PM.metric(type: .gauge, value: 1)])])
        var badWire = ProtoMessage()
        badWire.varint(1, 5)  // name as a varint
        var badType = PM.family("t", type: .gauge, metrics: [PM.metric()])
        badType.varint(3, 9)
        var noName = ProtoMessage()
        noName.message(4, PM.metric())
        var badDouble = ProtoMessage()
        var counter = ProtoMessage()
        counter.varint(1, 3)  // Counter.value must be a double
        badDouble.message(3, counter)
        var badTag = ProtoMessage()
        badTag.rawVarint(7)  // field 0
        var tooLong = ProtoMessage()
        tooLong.bytes = Array(repeating: 0xFF, count: 10) + [0x02]
        let native = { (n: PM.Native) in
            ProtoMessage.delimited([PM.family("n", type: .histogram, metrics: [PM.histogramMetric(count: 1, sum: 1, buckets: [], native: n)])])
        }
        return [
            Bad(name: "truncated length", body: [0x85], error: "protobuf byte 0: truncated varint in length-delimited stream"),
            Bad(name: "length past the end", body: Array(good.dropLast()), error: "protobuf byte 0: length 18 runs past the end of the enclosing message in length-delimited stream"),
            Bad(name: "varint over 64 bits", body: ProtoMessage.delimited([tooLong]), error: "protobuf byte 1: varint overflows 64 bits in MetricFamily"),
            Bad(name: "wrong wire type", body: ProtoMessage.delimited([badWire]), error: "protobuf byte 2: embedded message with wire type 0 in MetricFamily"),
            Bad(name: "field number 0", body: ProtoMessage.delimited([badTag]), error: "protobuf byte 1: invalid field tag 7 in MetricFamily"),
            Bad(name: "unknown type", body: ProtoMessage.delimited([badType]), error: #"protobuf byte 0: unknown metric type 9 for metric "t""#),
            Bad(name: "no name", body: ProtoMessage.delimited([noName]), error: "protobuf byte 0: metric family without a name"),
            Bad(
                name: "counter value as varint",
                body: ProtoMessage.delimited([PM.family("c", type: .counter, metrics: [badDouble])]),
                error: "protobuf byte 11: double field with wire type 0 in Counter/Gauge/Untyped"),
            Bad(
                name: "invalid UTF-8 name", body: ProtoMessage.delimited([PM.family("a\u{FFFD}", type: .gauge, metrics: [PM.metric()])]).map { $0 == 0xBD ? 0xFF : $0 },
                error: #"protobuf byte 0: invalid metric name "a\ufffd\ufffd""#),
            Bad(
                name: "duplicate label",
                body: ProtoMessage.delimited([PM.family("d", type: .gauge, metrics: [PM.metric(labels: [("x", "1"), ("x", "2")])])]),
                error: #"protobuf byte 0: label name "x" is not unique in metric "d""#),
            Bad(
                name: "__name__ label",
                body: ProtoMessage.delimited([PM.family("d", type: .gauge, metrics: [PM.metric(labels: [("__name__", "e")])])]),
                error: #"protobuf byte 0: label name "__name__" is not allowed in metric "d""#),
            Bad(
                name: "le label on a histogram",
                body: ProtoMessage.delimited([PM.family("h", type: .histogram, metrics: [PM.histogramMetric(labels: [("le", "1")], count: 0, sum: 0, buckets: [])])]),
                error: #"protobuf byte 0: label name "le" is not allowed in metric "h""#),
            Bad(
                name: "unit not a suffix",
                body: ProtoMessage.delimited([PM.family("req_total", type: .counter, unit: "seconds", metrics: [PM.metric()])]),
                error: #"protobuf byte 0: unit "seconds" not a suffix of metric "req_total""#),
            Bad(
                name: "spans and buckets disagree",
                body: native(PM.Native(schema: 0, positiveSpans: [(0, 3)], positiveDeltas: [1, 1])),
                error: #"protobuf byte 8: positive spans need 3 buckets, have 2 in metric "n""#),
            Bad(
                name: "negative gap",
                body: native(PM.Native(schema: 0, positiveSpans: [(0, 1), (-2, 1)], positiveDeltas: [1, 1])),
                error: #"protobuf byte 8: positive span 1 has negative offset -2 in metric "n""#),
            Bad(
                name: "schema out of range",
                body: native(PM.Native(schema: 9, positiveSpans: [(0, 1)], positiveDeltas: [1])),
                error: #"protobuf byte 8: native histogram schema 9 outside -4...8 in metric "n""#),
            Bad(
                name: "negative count",
                body: native(PM.Native(schema: 0, positiveSpans: [(0, 2)], positiveDeltas: [1, -2])),
                error: #"protobuf byte 8: positive bucket 1 has negative count -1 in metric "n""#),
            Bad(
                name: "huge gap",
                body: native(PM.Native(schema: 0, positiveSpans: [(0, 1), (2_000_000_000, 1)], positiveDeltas: [1, 0])),
                error: #"protobuf byte 8: positive spans cover more than 1048576 buckets in metric "n""#),
        ]
    }

    @Test(arguments: badCases)
    func malformedBodiesFailWithTheirOffset(_ c: Bad) {
        #expect(protoParseError(c.body) == c.error)
    }

    @Test func contentTypeSelectsProtobuf() {
        #expect(
            ExpositionFormat.from(
                contentType: "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")
                == .protobuf)
        #expect(ExpositionFormat.from(contentType: "Application/Vnd.Google.Protobuf") == .protobuf)
        #expect(ExpositionFormat.from(contentType: "text/plain; version=0.0.4") == .prometheusText)
        // fallback_scrape_protocol applies to missing and unknown types only.
        #expect(ExpositionFormat.from(contentType: nil, fallback: .protobuf) == .protobuf)
        #expect(ExpositionFormat.from(contentType: "application/json", fallback: .openMetrics) == .openMetrics)
        #expect(ExpositionFormat.from(contentType: "text/plain", fallback: .protobuf) == .prometheusText)
        #expect(ExpositionFormat.from(contentType: "application/json") == .prometheusText)
    }
}
