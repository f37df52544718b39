import PromModel
@testable import HTTPAPI
import Testing

struct JSONWriterTests {
    @Test(arguments: [
        (Int64(1_435_781_451_781), "1435781451.781"), (1_435_781_451_780, "1435781451.780"),
        (1_435_781_451_000, "1435781451"), (5, "0.005"), (-1500, "-1.500"),
    ])
    func timestampsAsPrometheusWritesThem(ms: Int64, want: String) {
        var w = JSONWriter()
        w.timestamp(ms)
        #expect(String(decoding: w.bytes, as: UTF8.self) == want)
    }

    @Test(arguments: [
        (1.0, #""1""#), (0.1, #""0.1""#), (1e6, #""1000000""#), (1e-7, #""1e-07""#), (Double.infinity, #""+Inf""#),
        (-Double.infinity, #""-Inf""#), (Double.nan, #""NaN""#), (1e21, #""1e+21""#),
    ])
    func sampleValues(v: Double, want: String) {
        var w = JSONWriter()
        w.sampleValue(v)
        #expect(String(decoding: w.bytes, as: UTF8.self) == want)
    }

    @Test func stringsEscapeLikeGo() {
        var w = JSONWriter()
        w.string("a<b>&\"c\"\\\n\u{01}\u{2028}é")
        #expect(String(decoding: w.bytes, as: UTF8.self) == #""a\u003cb\u003e\u0026\"c\"\\\n\u0001\u2028é""#)
    }
}

struct APIParamsTests {
    @Test func formDecoding() {
        var values: [String: [String]] = [:]
        APIParams.parseForm("query=sum%28rate%28x%5B5m%5D%29%29&match%5B%5D=a&match%5B%5D=b+c", into: &values)
        #expect(values["query"] == ["sum(rate(x[5m]))"])
        #expect(values["match[]"] == ["a", "b c"])
    }

    @Test(arguments: [
        ("1435781451.781", Int64(1_435_781_451_781)), ("2015-07-01T20:10:51.781Z", 1_435_781_451_781),
        ("2015-07-01T22:10:51+02:00", 1_435_781_451_000), ("0", 0),
    ])
    func times(text: String, want: Int64) throws {
        #expect(try parseTimeParam(text, name: "time") == want)
    }

    @Test func badTimeIsBadData() {
        #expect(throws: APIError.self) { try parseTimeParam("yesterday", name: "time") }
    }

    @Test(arguments: [("15", Int64(15000)), ("1m30s", 90000), ("0.5", 500), ("5x", nil)])
    func durations(text: String, want: Int64?) {
        #expect(parseDurationParam(text) == want)
    }
}

struct HistogramJSONTests {
    /// api.md: positive buckets "open left" (0), negative "open right" (1), the zero bucket "closed both" (3);
    /// empty buckets are left out, values are strings.
    @Test func nativeHistogramsAsPrometheusWritesThem() {
        let h = FloatHistogram(
            schema: 0, zeroThreshold: 0.001, zeroCount: 2, count: 10, sum: 5, positiveOffset: 0, positive: [3, 0, 1],
            negativeOffset: 1, negative: [4])
        var w = JSONWriter()
        w.histogram(h)
        #expect(String(decoding: w.bytes, as: UTF8.self)
            == #"{"count":"10","sum":"5","buckets":[[1,"-2","-1","4"],[3,"-0.001","0.001","2"],[0,"0.5","1","3"],[0,"2","4","1"]]}"#)
        var empty = JSONWriter()
        empty.histogram(FloatHistogram(count: 0, sum: 0))
        #expect(String(decoding: empty.bytes, as: UTF8.self) == #"{"count":"0","sum":"0"}"#)
        // Custom buckets: the first starts at -Inf (inclusive), the last ends at +Inf.
        var nhcb = JSONWriter()
        nhcb.histogram(FloatHistogram(
            schema: -53, count: 3, sum: 1, positiveOffset: 0, positive: [1, 1, 1], customValues: [0.5, 1]))
        #expect(String(decoding: nhcb.bytes, as: UTF8.self)
            == #"{"count":"3","sum":"1","buckets":[[3,"-Inf","0.5","1"],[0,"0.5","1","1"],[0,"1","+Inf","1"]]}"#)
    }
}
