import Exposition
import PromModel
import Testing

@Suite struct MetricFamilyMembershipTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var series: String
        var family: String
        var type: MetricType
        var belongs: Bool
        var testDescription: String { "\(series) in \(type.rawValue) \(family): \(belongs)" }
    }

    static let cases: [Case] = [
        Case(series: "foo_total", family: "foo", type: .counter, belongs: true),
        Case(series: "foo_total", family: "foo_total", type: .counter, belongs: true),
        Case(series: "foo", family: "foo_total", type: .counter, belongs: true),
        Case(series: "foo_created", family: "foo", type: .counter, belongs: true),
        Case(series: "foo_sum", family: "foo", type: .counter, belongs: false),
        Case(series: "foo_bucket", family: "foo", type: .histogram, belongs: true),
        Case(series: "foo_count", family: "foo", type: .histogram, belongs: true),
        Case(series: "foo_sum", family: "foo", type: .histogram, belongs: true),
        Case(series: "foo_created", family: "foo", type: .histogram, belongs: true),
        Case(series: "foo_gsum", family: "foo", type: .histogram, belongs: false),
        Case(series: "foo_gsum", family: "foo", type: .gaugehistogram, belongs: true),
        Case(series: "foo_gcount", family: "foo", type: .gaugehistogram, belongs: true),
        Case(series: "foo_bucket", family: "foo", type: .summary, belongs: false),
        Case(series: "foo", family: "foo", type: .summary, belongs: true),
        Case(series: "foo_count", family: "foo", type: .summary, belongs: true),
        Case(series: "foo_info", family: "foo", type: .info, belongs: true),
        Case(series: "foo_info", family: "foo_info", type: .info, belongs: true),
        Case(series: "foo_total", family: "foo", type: .gauge, belongs: false),
        Case(series: "foobar", family: "foo", type: .gauge, belongs: false),
        Case(series: "bar_total", family: "foo", type: .counter, belongs: false),
    ]

    @Test(arguments: cases)
    func membership(_ c: Case) {
        #expect(isSeries(c.series, partOfFamily: c.family, type: c.type) == c.belongs)
    }

    @Test func parserReportsSeriesType() throws {
        let body = "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 2\nother 3\n# TYPE c_total counter\nc_total 1\n# EOF\n"
        var p = ExpositionParser(Array(body.utf8), format: .openMetrics)
        var types: [MetricType] = []
        while let e = try p.next() {
            if e == .series { types.append(p.seriesMetricType) }
        }
        #expect(types == [.histogram, .histogram, .unknown, .counter])
    }
}
