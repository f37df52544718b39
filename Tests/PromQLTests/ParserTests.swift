import Testing
@testable import PromQL

struct ParserTests {
    struct ErrorCase: Sendable, CustomStringConvertible {
        let query: String
        let message: String
        var description: String { query }
    }

    static let errorCases: [ErrorCase] = [
        .init(query: "rate(foo)", message: "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        .init(query: "{}", message: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        .init(query: "{a=\"\"}", message: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        .init(query: "1 > 2", message: "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        .init(query: "foo + bool bar", message: "1:5: parse error: bool modifier can only be used on comparison operators"),
        .init(query: "1 and foo", message: "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        .init(query: "foo and on(a) group_left(b) bar", message: "1:1: parse error: no grouping allowed for \"and\" operation"),
        .init(query: "foo * on(a) group_left(a) bar", message: "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once"),
        .init(query: "nosuchfn(foo)", message: "1:1: parse error: unknown function with name \"nosuchfn\""),
        .init(query: "time(1)", message: "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"),
        .init(query: "label_join()", message: "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 0"),
        .init(query: "round(a, 1, 2)", message: "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"),
        .init(query: "sum(foo[5m])", message: "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
        .init(query: "topk(\"a\", foo)", message: "1:6: parse error: expected type scalar in aggregation parameter, got string"),
        .init(query: "count_values(1, foo)", message: "1:14: parse error: expected type string in aggregation parameter, got scalar"),
        .init(query: "(foo)[5m]", message: "1:1: parse error: ranges only allowed for vector selectors"),
        .init(query: "foo offset 1m offset 2m", message: "1:15: parse error: offset may not be set multiple times"),
        .init(query: "foo @ 1 @ 2", message: "1:9: parse error: @ <timestamp> may not be set multiple times"),
        .init(query: "-\"a\"", message: "1:2: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
        .init(query: "foo[5m] + 1", message: "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        .init(query: "{\"a\", \"b\"}", message: "1:7: parse error: metric name must not be set twice: \"a\" or \"b\""),
        .init(query: "", message: "1:1: parse error: no expression found in input"),
        .init(query: "foo\n  + rate(bar)", message: "2:10: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        .init(query: "mad_over_time(foo[5m])", message: "1:1: parse error: function \"mad_over_time\" is not enabled"),
        .init(query: "1 + on(a) foo", message: "1:1: parse error: vector matching only allowed between instant vectors"),
        .init(query: "\"abc", message: "1:1: parse error: unterminated quoted string"),
        .init(query: "1+", message: "1:3: parse error: unexpected end of input"),
        .init(query: "(1", message: "1:3: parse error: unclosed left parenthesis"),
        .init(query: ")", message: "1:1: parse error: unexpected right parenthesis ')'"),
        .init(query: "foo{a=1}", message: "1:7: parse error: unexpected number \"1\" in label matching, expected string"),
        .init(query: "foo{", message: "1:5: parse error: unexpected end of input inside braces"),
        .init(query: "foo[5m", message: "1:7: parse error: unclosed left bracket"),
        .init(query: "foo bar", message: "1:5: parse error: unexpected identifier \"bar\""),
        .init(query: "foo by", message: "1:5: parse error: unexpected <by>"),
        .init(query: "1 or 1", message: "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
    ]

    @Test(arguments: errorCases)
    func errors(_ c: ErrorCase) {
        do {
            let e = try parseExpr(c.query)
            Issue.record("expected an error, parsed \(e)")
        } catch {
            #expect(error.description == c.message)
        }
    }

    struct PrintCase: Sendable, CustomStringConvertible {
        let input: String
        let output: String
        var description: String { input }
    }

    static let printCases: [PrintCase] = [
        .init(input: "foo", output: "foo"),
        .init(input: "foo{a='b',c=~\"d\"}", output: "foo{a=\"b\", c=~\"d\"}"),
        .init(input: "{__name__=\"foo\"}", output: "foo"),
        .init(input: "{\"my.metric\", \"label.x\"=\"v\"}", output: "{\"my.metric\", \"label.x\"=\"v\"}"),
        .init(input: "rate(foo[5m] offset -1h30m)", output: "rate(foo[5m] offset -1h30m)"),
        .init(input: "foo offset 5m @ 100", output: "foo @ 100.000 offset 5m"),
        .init(input: "foo @ start()", output: "foo @ start()"),
        .init(input: "sum by (a, b) (foo)", output: "sum by (a, b) (foo)"),
        .init(input: "sum(foo) without (a)", output: "sum without (a) (foo)"),
        .init(input: "topk(5, foo)", output: "topk(5, foo)"),
        .init(input: "a + b * c", output: "a + b * c"),
        .init(input: "2 ^ 3 ^ 2", output: "2 ^ 3 ^ 2"),
        .init(input: "-2 ^ 2", output: "-2 ^ 2"),
        .init(input: "a > bool on (x) group_left (y) b", output: "a > bool on (x) group_left (y) b"),
        .init(input: "rate(foo[1h:5m])", output: "rate(foo[1h:5m])"),
        .init(input: "max_over_time(rate(foo[5m])[30m:])", output: "max_over_time(rate(foo[5m])[30m:])"),
        .init(input: "0x1F", output: "31"),
        .init(input: "1e3", output: "1000"),
        .init(input: "-Inf", output: "-Inf"),
        .init(input: "nan", output: "NaN"),
        .init(input: "foo[90s]", output: "foo[1m30s]"),
        .init(input: "'a\\n'", output: "\"a\\n\""),
        .init(input: "`raw\\n`", output: "\"raw\\\\n\""),
        .init(input: "foo # comment\n + 1", output: "foo + 1"),
        .init(input: "SUM(foo) BY (a)", output: "sum by (a) (foo)"),
        .init(input: "time() - 1h", output: "time() - 1h"),
    ]

    @Test(arguments: printCases)
    func printing(_ c: PrintCase) throws {
        let e = try parseExpr(c.input)
        #expect(e.description == c.output)
        let again = try parseExpr(e.description)
        #expect(again.description == e.description)
    }

    @Test func precedence() throws {
        // `-2 ^ 2` is `-(2 ^ 2)`; `^` is right-associative.
        guard case .unary(let u) = try parseExpr("-2 ^ 2"), case .binary(let b) = u.expr else {
            Issue.record("expected unary over binary")
            return
        }
        #expect(b.op == .pow)
        guard case .binary(let top) = try parseExpr("2 ^ 3 ^ 2"), case .binary(let inner) = top.rhs else {
            Issue.record("expected right association")
            return
        }
        #expect(inner.op == .pow)
        guard case .binary(let orExpr) = try parseExpr("a or b and c") else { return }
        #expect(orExpr.op == .or)
    }
}
