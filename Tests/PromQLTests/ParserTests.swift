import Testing
@testable import PromQL

struct ParserTests {
    struct ErrorCase: Sendable, CustomStringConvertible {
        let query: String
        let message: String
        var experimental = false
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
        .init(query: "(foo)[5m]", message: "1:6: parse error: ranges only allowed for vector selectors"),
        .init(query: "foo offset 1m offset 2m", message: "1:1: parse error: offset may not be set multiple times"),
        .init(query: "foo @ 1 @ 2", message: "1:1: parse error: @ <timestamp> may not be set multiple times"),
        .init(query: "-\"a\"", message: "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
        .init(query: "foo[5m] + 1", message: "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        .init(query: "foo{__name__=\"bar\"}", message: "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
        .init(query: "", message: "1:1: parse error: no expression found in input"),
        .init(query: "foo\n  + rate(bar)", message: "2:10: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        .init(query: "mad_over_time(foo[5m])", message: "1:1: parse error: function \"mad_over_time\" is not enabled"),
        .init(query: "1 + on(a) foo", message: "1:1: parse error: vector matching only allowed between instant vectors"),
        .init(query: "\"abc", message: "1:1: parse error: unterminated quoted string"),
        .init(query: "1+", message: "1:3: parse error: unexpected end of input"),
        .init(query: "(1", message: "1:3: parse error: unclosed left parenthesis"),
        .init(query: ")", message: "1:2: parse error: unexpected right parenthesis ')'"),
        .init(query: "1 !~ 1", message: "1:3: parse error: unexpected character after '!': '~'"),
        .init(query: "0deadbeef", message: "1:1: parse error: bad number or duration syntax: \"0de\""),
        .init(query: "2.5.", message: "1:1: parse error: bad number or duration syntax: \"2.5.\""),
        .init(query: "100..4", message: "1:1: parse error: bad number or duration syntax: \"100..\""),
        .init(query: "foo[5mm]", message: "1:5: parse error: bad number or duration syntax: \"5mm\""),
        .init(query: "foo[5m1]", message: "1:5: parse error: bad number or duration syntax: \"5m1\""),
        .init(query: "foo[5m1h]", message: "1:5: parse error: not a valid duration string: \"5m1h\""),
        .init(query: "foo[]", message: "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
        .init(query: "foo[0m]", message: "1:5: parse error: duration must be greater than 0"),
        .init(query: "some_metric[5m] OFFSET", message: "1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()"),
        .init(query: "some_metric OFFSET 1m[5m]", message: "1:22: parse error: no offset modifiers allowed before range"),
        .init(query: "foo @ +Inf", message: "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
        .init(query: "sum () by (test)", message: "1:1: parse error: no arguments for aggregate expression provided"),
        .init(query: "sum some_metric by (test)", message: "1:5: parse error: unexpected identifier \"some_metric\""),
        .init(query: "sum without(==)(some_metric)", message: "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
        .init(query: "foo{,}", message: "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
        .init(query: "foo{__name__ == \"bar\"}", message: "1:15: parse error: unexpected \"=\" in label matching, expected string"),
        .init(query: "\"\\c\"", message: "1:1: parse error: unknown escape sequence U+0063 'c'"),
        .init(query: "\"\\x.\"", message: "1:1: parse error: illegal character U+002E '.' in escape sequence"),
        .init(query: "*1", message: "1:1: parse error: unexpected <op:*>"),
        .init(query: "-=", message: "1:2: parse error: unexpected \"=\""),
        .init(query: "a - on(b) ignoring(c) d", message: "1:11: parse error: unexpected <ignoring>"),
        .init(query: "1 or on(bar) foo", message: "1:1: parse error: vector matching only allowed between instant vectors"),
        .init(query: "foo and bool 10", message: "1:5: parse error: bool modifier can only be used on comparison operators"),
        .init(query: "info(rate(x_total[5m]), target_info{foo=\"bar\"})", message: "1:25: parse error: expected label selectors only, got vector selector instead", experimental: true),
        .init(query: "info(x, {foo=\"bar\"} == 1)", message: "1:9: parse error: expected label selectors only", experimental: true),
        .init(query: "foo offset 9.5e10", message: "1:12: parse error: duration out of range"),
        .init(query: "foo[5s/0d]", message: "1:7: parse error: division by zero"),
        .init(query: "test[5d] OFFSET 10s [10m:5s]", message: "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        .init(query: "rate(avg)", message: "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        .init(query: "foo{a=1}", message: "1:7: parse error: unexpected character inside braces: '1'"),
        .init(query: "foo{a=b}", message: "1:7: parse error: unexpected identifier \"b\" in label matching, expected string"),
        .init(query: "foo{", message: "1:5: parse error: unexpected end of input inside braces"),
        .init(query: "foo[5m", message: "1:7: parse error: unclosed left bracket"),
        .init(query: "foo{bar=\"baz\"}[", message: "1:16: parse error: unexpected end of input in duration expression"),
        .init(query: "foo[5s x 5s]", message: "1:8: parse error: unexpected character: 'x', expected ':'"),
        .init(query: "foo bar", message: "1:5: parse error: unexpected identifier \"bar\""),
        .init(query: "foo by", message: "1:5: parse error: unexpected <by>"),
        .init(query: "rate(foo[5m],)", message: "1:13: parse error: trailing commas not allowed in function call args"),
        .init(query: "1 or 1", message: "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
    ]

    @Test(arguments: errorCases)
    func errors(_ c: ErrorCase) {
        do {
            let e = try parseExpr(c.query, options: ParserOptions(enableExperimentalFunctions: c.experimental))
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
        .init(input: "foo{a='b', c=~\"d\"}", output: "foo{a=\"b\",c=~\"d\"}"),
        .init(input: "{__name__=\"foo\"}", output: "{__name__=\"foo\"}"),
        .init(input: "{\"my.metric\", \"label.x\"=\"v\"}", output: "{__name__=\"my.metric\",\"label.x\"=\"v\"}"),
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
        .init(input: "0755", output: "493"),
        .init(input: "min", output: "min"),
        .init(input: "foo * sum", output: "foo * sum"),
        .init(input: "sum(sum)", output: "sum(sum)"),
        .init(input: "offset{step=\"1s\"}[5m]", output: "offset{step=\"1s\"}[5m]"),
        .init(input: "foo offset -(5)", output: "foo offset -5s"),
        .init(input: "some_metric OFFSET 1m [10m:5s]", output: "some_metric offset 1m[10m:5s]"),
        .init(input: "{__name__=\"bar\", __name__=\"baz\"}", output: "{__name__=\"bar\",__name__=\"baz\"}"),
        .init(input: "a - on(b) group_left c", output: "a - on (b) group_left () c"),
        .init(input: "a - ignoring() c", output: "a - c"),
        .init(input: "sum without() (x)", output: "sum without () (x)"),
    ]

    @Test(arguments: printCases)
    func printing(_ c: PrintCase) throws {
        let e = try parseExpr(c.input)
        #expect(e.description == c.output)
        let again = try parseExpr(e.description)
        #expect(again.description == e.description)
    }

    @Test func allTypeErrorsAreKept() {
        // Prometheus renders the first error but keeps all of them.
        do {
            _ = try parseExpr("foo and bool 10")
            Issue.record("expected an error")
        } catch {
            #expect(error.all == """
                1:5: parse error: bool modifier can only be used on comparison operators
                1:1: parse error: set operator "and" not allowed in binary scalar expression
                """)
        }
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
