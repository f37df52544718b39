import PromModel
import Testing
@testable import PromQL

/// Deep nesting must fail with a parse error, never overflow the stack.
struct ParserLimitsTests {
    @Test func deepButAllowedQueriesEvaluate() async throws {
        let chain = "vector(1)" + String(repeating: " + 1", count: 490)
        let r = try await Engine().instantQuery(chain, at: 0, queryable: MemoryStorage())
        #expect(r.value == .vector([VectorSample(labels: .empty, t: 0, v: 491)]))
        let parens = String(repeating: "(", count: 190) + "2" + String(repeating: ")", count: 190)
        let p = try await Engine().instantQuery(parens, at: 0, queryable: MemoryStorage())
        #expect(p.value == .scalar(0, 2))
        let calls = String(repeating: "abs(", count: 190) + "vector(-1)" + String(repeating: ")", count: 190)
        let c = try await Engine().instantQuery(calls, at: 0, queryable: MemoryStorage())
        #expect(c.value == .vector([VectorSample(labels: .empty, t: 0, v: 1)]))
    }

    @Test(arguments: [
        String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
        "1" + String(repeating: " + 1", count: 20_000),
        String(repeating: "-", count: 20_000) + "1",
        String(repeating: "abs(", count: 5_000) + "x" + String(repeating: ")", count: 5_000),
    ])
    func tooDeepIsAParseError(_ q: String) {
        do {
            _ = try parseExpr(q)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("expression nested too deeply"))
        }
    }
}
