import Exposition
import PromModel
import Testing

@Suite struct TextParserTests {
    static let good: [GoodCase] = [
        GoodCase(name: "minimal, no trailing newline", input: "foo 1", expected: ["foo 1"]),
        GoodCase(name: "empty body", input: "", expected: []),
        GoodCase(name: "timestamp in ms", input: "foo 1 1700000000000\n", expected: ["foo 1 @1700000000000"]),
        GoodCase(
            name: "blanks around every token, trailing comma",
            input: "  foo  {  a = \"b\" ,\tc=\"d\" , }  2.5 \t 10 \t\n",
            expected: [#"foo{a="b", c="d"} 2.5 @10"#]),
        GoodCase(name: "comma between labels optional", input: #"foo{a="1"b="2"} 3"#, expected: [#"foo{a="1", b="2"} 3"#]),
        GoodCase(name: "value right after brace", input: #"foo{a="1"}3"#, expected: [#"foo{a="1"} 3"#]),
        GoodCase(name: "empty label set", input: "foo{} 3", expected: ["foo 3"]),
        GoodCase(
            name: "blank lines and comments",
            input: "\n\n# a comment\n#another\n   \nfoo 1\n\n# HELP\n# HELPER x\n",
            expected: ["COMMENT # a comment", "COMMENT #another", "foo 1", "COMMENT # HELP", "COMMENT # HELPER x"]),
        GoodCase(
            name: "label value escapes; unknown escapes kept",
            input: #"foo{a="x\\y\"z\nw\tq"} 1"#,
            expected: [#"foo{a="x\\y\"z\nw\\tq"} 1"#]),
        GoodCase(
            name: "raw newline inside a label value",
            input: "foo{a=\"x\ny\"} 1\nbar 2",
            expected: [#"foo{a="x\ny"} 1"#, "bar 2"]),
        GoodCase(
            name: "special and unusual floats",
            input: "a NaN\nb +Inf\nc -Inf\nd Inf\ne inf\nf -infinity\ng nan\nh 1e+06\ni .5\nj 5.\nk -0\nl 1E3\nm 0.30000000000000004\n",
            expected: [
                "a NaN", "b +Inf", "c -Inf", "d +Inf", "e +Inf", "f -Inf", "g NaN", "h 1e+06", "i 0.5", "j 5", "k -0",
                "l 1000", "m 0.30000000000000004",
            ]),
        GoodCase(
            name: "HELP escapes: only backslash and newline",
            input: #"# HELP foo a\\b\nc \"q\" \t"#,
            expected: ["HELP foo|a\\b\nc \\\"q\\\" \\t"]),
        GoodCase(
            name: "HELP text blanks",
            input: "# HELP foo\n# HELP bar \n# HELP baz  x\n# HELP qux\tx\n#\t HELP  quux y",
            expected: ["HELP foo|", "HELP bar|", "HELP baz| x", "HELP qux|x", "HELP quux|y"]),
        GoodCase(
            name: "TYPE values and duplicates are passed through",
            input: "# TYPE a counter\n# TYPE a gauge\n# TYPE b untyped\n# TYPE c histogram\n# TYPE d summary\n# HELP a x\n# HELP a y",
            expected: [
                "TYPE a counter", "TYPE a gauge", "TYPE b unknown", "TYPE c histogram", "TYPE d summary", "HELP a|x",
                "HELP a|y",
            ]),
        GoodCase(
            name: "UTF-8 quoted names",
            input: "# HELP \"my.metric\" some help\n# TYPE \"my.metric\" gauge\n{\"my.metric\",\"a.b\"=\"c\", d=\"é\"} 1\n{\"x\"} 2",
            expected: [
                "HELP my.metric|some help", "TYPE my.metric gauge", #"my.metric{a.b="c", d="é"} 1"#, "x 2",
            ]),
        GoodCase(
            name: "histogram le and summary quantile normalised as Prometheus 3",
            input: """
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="1e3"} 2
                h_bucket{le="+Inf"} 3
                h_bucket{le="x"} 3
                # TYPE s summary
                s{quantile="0"} 1
                s{quantile="0.99"} 1
                # TYPE g gauge
                g{le="1"} 1
                """,
            expected: [
                "TYPE h histogram", #"h_bucket{le="1.0"} 1"#, #"h_bucket{le="1000.0"} 2"#, #"h_bucket{le="+Inf"} 3"#,
                #"h_bucket{le="x"} 3"#, "TYPE s summary", #"s{quantile="0.0"} 1"#, #"s{quantile="0.99"} 1"#,
                "TYPE g gauge", #"g{le="1"} 1"#,
            ]),
        GoodCase(name: "empty label values are dropped", input: #"foo{a="",b="x"} 1"#, expected: [#"foo{b="x"} 1"#]),
        GoodCase(name: "NUL at line start ends the input", input: "foo 1\n\u{0}garbage{{{", expected: ["foo 1"]),
        GoodCase(name: "value token starts right after the name", input: "foo-1 2", expected: ["foo -1 @2"]),
        GoodCase(name: "colons in metric names", input: "job:rate5m:sum 1", expected: ["job:rate5m:sum 1"]),
        GoodCase(name: "labels sorted", input: #"foo{z="1",a="2",_b="3"} 1"#, expected: [#"foo{_b="3", a="2", z="1"} 1"#]),
    ]

    @Test(arguments: good)
    func parses(_ c: GoodCase) throws {
        #expect(try parseAll(c.input, .prometheusText) == c.expected)
    }

    static let bad: [BadCase] = [
        BadCase("unterminated label value", #"foo{a="b"#, #"line 1: unterminated quoted label value "\"b""#),
        BadCase("no equal sign", #"foo{a b="c"} 1"#, #"line 1: expected equal sign after label name "a", got "b""#),
        BadCase("closing brace after name", #"foo{a} 1"#, #"line 1: expected equal sign after label name "a", got "}""#),
        BadCase("unquoted value", "foo{a=b} 1", #"line 1: expected quoted label value after "a"=, got "b""#),
        BadCase("no value", "foo{a=\"b\"}\n", #"line 1: expected value after metric, got "\n""#),
        BadCase("no value at end", "foo", "line 1: expected value after metric, got end of input"),
        BadCase("second brace", "foo{} {}", #"line 1: expected value after metric, got "{""#),
        BadCase("two timestamps", "foo 1 2 3", #"line 1: expected end of line after timestamp, got "3""#),
        BadCase("negative timestamp", "foo 1 -2", #"line 1: expected timestamp or end of line after value, got "-2""#),
        BadCase("float timestamp", "foo 1 1.5", #"line 1: expected end of line after timestamp, got ".5""#),
        BadCase("timestamp overflow", "foo 1 99999999999999999999", #"line 1: timestamp "99999999999999999999" out of range"#),
        BadCase("value not a float", "foo abc", #"line 1: invalid value "abc": not a float"#),
        BadCase("value overflow", "foo 1e400", #"line 1: value "1e400" out of range"#),
        BadCase("hex float", "foo 0x1p3", #"line 1: invalid value "0x1p3": not a float"#),
        BadCase("hex int", "foo 0x10", #"line 1: invalid value "0x10": not a float"#),
        BadCase("underscore", "foo 1_000", #"line 1: invalid value "1_000": not a float"#),
        BadCase("signed NaN", "foo +NaN", #"line 1: invalid value "+NaN": not a float"#),
        BadCase("Infin", "foo Infin", #"line 1: invalid value "Infin": not a float"#),
        BadCase("CRLF", "foo 1\r\nbar 2\r\n", #"line 1: invalid value "1\r": not a float"#),
        BadCase("CRLF after timestamp", "foo 1 2\r\n", #"line 1: expected end of line after timestamp, got "\r""#),
        BadCase(
            "bad TYPE", "# TYPE foo counters",
            #"line 1: invalid metric type "counters" (want counter, gauge, histogram, summary or untyped)"#),
        BadCase(
            "OpenMetrics-only TYPE", "# TYPE foo info",
            #"line 1: invalid metric type "info" (want counter, gauge, histogram, summary or untyped)"#),
        BadCase(
            "unknown is not a text TYPE", "# TYPE foo unknown",
            #"line 1: invalid metric type "unknown" (want counter, gauge, histogram, summary or untyped)"#),
        BadCase(
            "TYPE with trailing blank", "# TYPE foo counter ",
            #"line 1: invalid metric type "counter " (want counter, gauge, histogram, summary or untyped)"#),
        BadCase("HELP without name", "# HELP 1foo x", #"line 1: expected metric name after HELP, got "1foo""#),
        BadCase("HELP with name missing", "# HELP \n", #"line 1: expected metric name after HELP, got "\n""#),
        BadCase("HELP not UTF-8", bytes: Array("# HELP foo a".utf8) + [0xFF], #"line 1: HELP text "a\ufffd" is not valid UTF-8"#),
        BadCase(
            "label value not UTF-8", bytes: Array("foo{a=\"".utf8) + [0xC3, 0x28] + Array("\"} 1".utf8),
            #"line 1: invalid UTF-8 in label value "\"\ufffd(\"""#),
        BadCase("metric name missing", #"{a="b"} 1"#, #"line 1: metric name missing in "{a=\"b\"}""#),
        BadCase("__name__ label", #"{__name__="b"} 1"#, #"line 1: label name "__name__" is not allowed in a label set; write the metric name instead"#),
        BadCase("metric name twice", #"foo{"bar"} 1"#, #"line 1: metric name given twice: "foo" and "bar""#),
        BadCase("duplicate label", #"foo{a="1",a="2"} 1"#, #"line 1: duplicate label name "a""#),
        BadCase("duplicate label quoted", #"foo{a="1","a"="2"} 1"#, #"line 1: duplicate label name "a""#),
        BadCase("digit first", "1foo 1", ##"line 1: expected a metric name, "{" or "#" at the start of a line, got "1foo""##),
        BadCase("lone comma", "foo{,} 1", #"line 1: expected label name or "}", got ",""#),
        BadCase("double comma", #"foo{a="1",,} 1"#, #"line 1: expected label name or "}", got ",""#),
        BadCase("dot in label name", #"foo{a.b="1"} 1"#, #"line 1: expected equal sign after label name "a", got ".b""#),
        BadCase("empty label name", #"foo{""="x"} 1"#, "line 1: empty label name"),
        BadCase("empty quoted metric name", #"{""} 1"#, "line 1: empty metric name"),
        BadCase("error line number", "a 1\nb 2\n\nc{ 3", #"line 4: expected label name or "}", got "3""#),
        BadCase(
            "line number after multi-line label value", "a{x=\"1\n2\"} 1\nb x",
            #"line 3: invalid value "x": not a float"#),
        BadCase("backslash before newline", "a{x=\"1\\\n\"} 1", #"line 1: unterminated quoted label value "\"1\\""#),
    ]

    @Test(arguments: bad)
    func rejects(_ c: BadCase) {
        #expect(parseError(c.input, .prometheusText) == c.error)
    }

    @Test func parsedNaNIsNeverStale() throws {
        var p = ExpositionParser(Array("a NaN\nb nan\n".utf8), format: .prometheusText)
        var n = 0
        while try p.next() != nil {
            #expect(p.value.isNaN)
            #expect(!StaleNaN.isStale(p.value))
            n += 1
        }
        #expect(n == 2)
    }

    @Test func seriesRangeIsTheWrittenSeries() throws {
        let body = Array("# TYPE foo gauge\n  foo{a=\"1\"}  2 3\n{\"x.y\"} 4\nbar 5\n".utf8)
        var p = ExpositionParser(body, format: .prometheusText)
        var ranges: [String] = []
        var lines: [Int] = []
        while let e = try p.next() {
            lines.append(p.lineNumber)
            if e == .series { ranges.append(String(decoding: body[p.seriesRange], as: UTF8.self)) }
        }
        #expect(ranges == [#"foo{a="1"}"#, #"{"x.y"}"#, "bar"])
        #expect(lines == [1, 2, 3, 4])
    }
}
