import PromModel
import Storage
import Testing
@testable import TSDB

struct PostingsForMatchersTests {
    /// Series of the fixture; the selection table refers to them by index.
    static let series: [Labels] = [
        Labels.metric("http_requests", ["job": "api", "code": "200"]),  // 0
        Labels.metric("http_requests", ["job": "api", "code": "500"]),  // 1
        Labels.metric("http_requests", ["job": "web", "code": "200"]),  // 2
        Labels.metric("http_requests", ["job": "web"]),  // 3 (no code)
        Labels.metric("up", ["job": "api"]),  // 4
        Labels.metric("up", ["job": "web", "env": "prod"]),  // 5
        Labels.metric("up", ["job": "web-canary", "env": "dev"]),  // 6
        Labels(["job": "nameless"]),  // 7
    ]

    struct Case: Sendable, CustomStringConvertible {
        var matchers: [(Matcher.Kind, String, String)]
        var expected: Set<Int>
        var description: String { matchers.map { "\($0.1)\($0.0.rawValue)\"\($0.2)\"" }.joined(separator: ",") }
    }

    static let cases: [Case] = [
        Case(matchers: [(.equal, "__name__", "up")], expected: [4, 5, 6]),
        Case(matchers: [(.equal, "__name__", "up"), (.equal, "job", "web")], expected: [5]),
        Case(matchers: [(.equal, "__name__", "nope")], expected: []),
        Case(matchers: [(.equal, "job", "api"), (.notEqual, "code", "500")], expected: [0, 4]),
        Case(matchers: [(.equal, "__name__", "http_requests"), (.equal, "code", "")], expected: [3]),
        Case(matchers: [(.equal, "__name__", "http_requests"), (.notEqual, "code", "")], expected: [0, 1, 2]),
        Case(matchers: [(.regexMatch, "job", "api|web")], expected: [0, 1, 2, 3, 4, 5]),
        Case(matchers: [(.regexMatch, "job", "web.*")], expected: [2, 3, 5, 6]),
        Case(matchers: [(.regexMatch, "job", "w[a-z]+")], expected: [2, 3, 5]),
        Case(matchers: [(.regexMatch, "job", ".*can.*")], expected: [6]),
        Case(matchers: [(.regexMatch, "__name__", ".+")], expected: [0, 1, 2, 3, 4, 5, 6]),
        Case(matchers: [(.regexMatch, "job", ".*")], expected: [0, 1, 2, 3, 4, 5, 6, 7]),
        Case(matchers: [(.regexNoMatch, "job", "api|web")], expected: [6, 7]),
        Case(matchers: [(.equal, "__name__", "up"), (.regexNoMatch, "env", "prod")], expected: [4, 6]),
        Case(matchers: [(.equal, "__name__", "up"), (.regexMatch, "env", "|dev")], expected: [4, 6]),
        Case(matchers: [(.equal, "__name__", "up"), (.regexMatch, "env", "d.*")], expected: [6]),
        Case(matchers: [(.notEqual, "__name__", "up")], expected: [0, 1, 2, 3, 7]),
        Case(matchers: [(.equal, "missing", "")], expected: [0, 1, 2, 3, 4, 5, 6, 7]),
        Case(matchers: [(.regexMatch, "missing", ".+")], expected: []),
        Case(matchers: [(.equal, "__name__", "up"), (.equal, "__name__", "http_requests")], expected: []),
    ]

    static func makeFilledDB() throws -> TSDB {
        let db = try makeDB()
        let app = db.appender()
        for (i, l) in series.enumerated() { try app.append(.unknown, l, t: 1000, v: Double(i)) }
        try app.commit()
        return db
    }

    @Test(arguments: cases)
    func selects(_ c: Case) throws {
        let db = try Self.makeFilledDB()
        let matchers = try c.matchers.map { try Matcher($0.0, $0.1, $0.2) }
        let got = try db.querier(mint: 0, maxt: 2000).select(sorted: true, hints: nil, matchers: matchers)
        let expected = c.expected.map { Self.series[$0] }.sorted()
        #expect(got.map(\.labels) == expected)
        // Cross-check with brute force over the label sets.
        #expect(Set(got.map(\.labels)) == Set(Self.series.filter { $0.matches(matchers) }))
    }

    @Test func labelNamesAndValues() throws {
        let db = try Self.makeFilledDB()
        let q = try db.querier(mint: 0, maxt: 2000)
        #expect(try q.labelNames(matchers: []) == ["__name__", "code", "env", "job"])
        #expect(try q.labelNames(matchers: [.equal("__name__", "up")]) == ["__name__", "env", "job"])
        #expect(try q.labelValues("job", matchers: []) == ["api", "nameless", "web", "web-canary"])
        #expect(try q.labelValues("job", matchers: [.equal("__name__", "http_requests")]) == ["api", "web"])
        #expect(try q.labelValues("code", matchers: [.equal("job", "web")]) == ["200"])
        #expect(try q.labelValues("nope", matchers: []) == [])
        // A range without samples has no labels.
        let empty = try db.querier(mint: 5000, maxt: 6000)
        #expect(try empty.labelNames(matchers: []) == [])
        #expect(try empty.labelValues("job", matchers: []) == [])
    }

    @Test func postingsSetOperations() {
        #expect(Postings.intersect([1, 3, 5, 7], [2, 3, 4, 7, 9]) == [3, 7])
        #expect(Postings.subtract([1, 3, 5, 7], [0, 3, 7, 8]) == [1, 5])
        #expect(Postings.union([[5, 9], [1, 5], [], [2]]) == [1, 2, 5, 9])
    }
}
