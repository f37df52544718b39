import Exposition
import PromModel
import Testing

@Suite struct OpenMetricsParserTests {
    static let good: [GoodCase] = [
        GoodCase(
            name: "families with suffixes, units, created series",
            input: """
                # TYPE foo_seconds counter
                # UNIT foo_seconds seconds
                # HELP foo_seconds Some \\"help\\" \\\\ \\n end
                foo_seconds_total 1.5 1520879607.789
                foo_seconds_created 1520430000.123
                # TYPE hh histogram
                hh_bucket{le="0.5"} 1
                hh_bucket{le="+Inf"} 2
                hh_count 2
                hh_sum 0.3
                hh_created 1520430000
                # TYPE gh gaugehistogram
                gh_bucket{le="1"} 1
                gh_gcount 1
                gh_gsum 0.5
                # TYPE i info
                i_info{version="1.2"} 1
                # TYPE st stateset
                st{st="a"} 1
                st{st="b"} 0
                # TYPE u unknown
                u 3
                # EOF

                """,
            expected: [
                "TYPE foo_seconds counter", "UNIT foo_seconds|seconds", "HELP foo_seconds|Some \"help\" \\ \n end",
                "foo_seconds_total 1.5 @1520879607789", "foo_seconds_created 1.520430000123e+09",
                "TYPE hh histogram", #"hh_bucket{le="0.5"} 1"#, #"hh_bucket{le="+Inf"} 2"#, "hh_count 2", "hh_sum 0.3",
                "hh_created 1.52043e+09", "TYPE gh gaugehistogram", #"gh_bucket{le="1"} 1"#, "gh_gcount 1", "gh_gsum 0.5",
                "TYPE i info", #"i_info{version="1.2"} 1"#, "TYPE st stateset", #"st{st="a"} 1"#, #"st{st="b"} 0"#,
                "TYPE u unknown", "u 3",
            ]),
        GoodCase(name: "EOF without newline", input: "foo 1\n# EOF", expected: ["foo 1"]),
        GoodCase(name: "only EOF", input: "# EOF\n", expected: []),
        GoodCase(
            name: "exemplars",
            input: """
                foo_bucket{le="1"} 2 # {trace_id="abc"} 1.0 123.45
                foo_total 1 1000 # {a="b",c="d"} 2
                foo_total 1 # {} NaN
                foo_total 1 # {"q.x"="y"} 3 -1.5
                foo_total 1 # {a="1",a="2"} 3
                # EOF
                """,
            expected: [
                #"foo_bucket{le="1"} 2 # {trace_id="abc"} 1 @123450"#,
                #"foo_total 1 @1000000 # {a="b", c="d"} 2"#,
                "foo_total 1 # {} NaN",
                #"foo_total 1 # {q.x="y"} 3 @-1500"#,
                #"foo_total 1 # {a="1"} 3"#,
            ]),
        GoodCase(
            name: "float timestamps in seconds, truncated to ms",
            input: "a 1 1.5\nb 1 -1.5\nc 1 1e3\nd 1 0.0019\n# EOF",
            expected: ["a 1 @1500", "b 1 @-1500", "c 1 @1000000", "d 1 @1"]),
        GoodCase(
            name: "quoted names and trailing comma",
            input: "# HELP \"my.metric\" h\n{\"my.metric\"} 1\n{\"my.metric\",a=\"b\",} 2\nfoo{\"a.b\"=\"c\"} 3\n# EOF",
            expected: ["HELP my.metric|h", "my.metric 1", #"my.metric{a="b"} 2"#, #"foo{a.b="c"} 3"#]),
        GoodCase(
            name: "empty HELP and UNIT",
            input: "# HELP foo \n# UNIT foo \n# EOF\n",
            expected: ["HELP foo|", "UNIT foo|"]),
        GoodCase(
            name: "le normalised for histograms",
            input: "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF",
            expected: ["TYPE h histogram", #"h_bucket{le="1.0"} 1"#]),
        GoodCase(
            name: "duplicate metadata passed through",
            input: "# TYPE a gauge\n# TYPE a counter\n# HELP a x\n# HELP a y\n# EOF",
            expected: ["TYPE a gauge", "TYPE a counter", "HELP a|x", "HELP a|y"]),
    ]

    @Test(arguments: good)
    func parses(_ c: GoodCase) throws {
        #expect(try parseAll(c.input, .openMetrics) == c.expected)
    }

    static let bad: [BadCase] = [
        BadCase("missing EOF", "foo 1\n", ##"line 2: data does not end with "# EOF""##),
        BadCase("missing EOF mid-line", "foo 1", ##"line 1: data does not end with "# EOF""##),
        BadCase("empty body", "", ##"line 1: data does not end with "# EOF""##),
        BadCase("data after EOF", "# EOF\nfoo 1\n", ##"line 2: unexpected data after "# EOF": "foo 1\n""##),
        BadCase("blank line after EOF", "# EOF\n\n", ##"line 2: unexpected data after "# EOF": "\n""##),
        BadCase("blank line", "\nfoo 1\n# EOF", ##"line 1: expected a metric name, "{" or "# " at the start of a line, got "\n""##),
        BadCase("leading blank", " foo 1\n# EOF", ##"line 1: expected a metric name, "{" or "# " at the start of a line, got " ""##),
        BadCase("free comment", "# random comment\n# EOF", ##"line 1: expected HELP, TYPE, UNIT or EOF after "# ", got "random""##),
        BadCase("hash without space", "#foo\n# EOF", ##"line 1: expected "# " followed by HELP, TYPE, UNIT or EOF, got "#foo""##),
        BadCase("double space before value", "foo  1\n# EOF", ##"line 1: expected value after metric, got " ""##),
        BadCase("blank inside labels", "foo{a=\"b\", c=\"d\"} 1\n# EOF", ##"line 1: expected label name or "}", got " ""##),
        BadCase("missing comma", "foo{a=\"b\"c=\"d\"} 1\n# EOF", ##"line 1: expected "," or "}" after label value, got "c""##),
        BadCase(
            "newline in label value", "foo{a=\"x\ny\"} 1\n# EOF", ##"line 1: unterminated quoted label value "\"x""##),
        BadCase(
            "untyped is not OpenMetrics", "# TYPE foo untyped\n# EOF",
            ##"line 1: invalid metric type "untyped" (want counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown)"##
        ),
        BadCase(
            "unit not a suffix", "# UNIT foo_seconds milliseconds\n# EOF",
            ##"line 1: unit "milliseconds" is not a suffix of metric "foo_seconds""##),
        BadCase("unit without underscore", "# UNIT fooseconds seconds\n# EOF", ##"line 1: unit "seconds" is not a suffix of metric "fooseconds""##),
        BadCase("NaN timestamp", "foo 1 NaN\n# EOF", ##"line 1: invalid timestamp "NaN""##),
        BadCase("Inf timestamp", "foo 1 +Inf\n# EOF", ##"line 1: invalid timestamp "+Inf""##),
        BadCase("bad timestamp", "foo 1 abc\n# EOF", ##"line 1: invalid timestamp "abc": not a float"##),
        BadCase(
            "trailing blank after value", "foo 1 \n# EOF",
            ##"line 1: expected a single space and a timestamp or exemplar after the value, got " ""##),
        BadCase(
            "exemplar without value", "foo 1 # {a=\"b\"}\n# EOF",
            ##"line 1: expected a space and a value after exemplar labels, got "\n""##),
        BadCase(
            "exemplar with lone quoted name", "foo 1 # {\"a\"} 1\n# EOF",
            ##"line 1: expected equal sign after exemplar label name "a", got "}""##),
        BadCase("exemplar Inf timestamp", "foo 1 # {a=\"b\"} 1 +Inf\n# EOF", ##"line 1: invalid exemplar timestamp "+Inf""##),
        BadCase("exemplar extra field", "foo 1 # {a=\"b\"} 1 2 3\n# EOF", ##"line 1: expected end of line after exemplar, got " ""##),
        BadCase("exemplar blank in labels", "foo 1 # {a=\"b\", c=\"d\"} 1\n# EOF", ##"line 1: expected exemplar label name or "}", got " ""##),
        BadCase("exemplar missing EOF", "foo 1 # {a=\"b\"} 1", ##"line 1: data does not end with "# EOF""##),
        BadCase("HELP without text", "# HELP foo\n# EOF", ##"line 1: expected a space and text after the metric name in HELP, got "\n""##),
        BadCase("brace after blank", "foo {a=\"b\"} 1\n# EOF", ##"line 1: invalid value "{a=\"b\"}": not a float"##),
        BadCase("metric name missing", "{a=\"b\"} 1\n# EOF", ##"line 1: metric name missing in "{a=\"b\"}""##),
        BadCase("duplicate label", "foo{a=\"1\",a=\"2\"} 1\n# EOF", ##"line 1: duplicate label name "a""##),
        BadCase("line numbers", "a 1\nb 2\nc 3 4 5\n# EOF", ##"line 3: expected end of line or exemplar after timestamp, got " ""##),
        BadCase(
            "invalid UTF-8 label", bytes: Array("foo{a=\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"} 1\n# EOF".utf8),
            ##"line 1: invalid UTF-8 in label value "\"\ufffd\ufffd\ufffd\"""##),
    ]

    @Test(arguments: bad)
    func rejects(_ c: BadCase) {
        #expect(parseError(c.input, .openMetrics) == c.error)
    }

    @Test func exemplarAccessor() throws {
        var p = ExpositionParser(Array("foo_total 3 # {trace_id=\"abc\"} 1.0 123.45\nbar 1\n# EOF\n".utf8), format: .openMetrics)
        #expect(try p.next() == .series)
        #expect(p.exemplar == Exemplar(labels: Labels(["trace_id": "abc"]), value: 1, timestamp: 123450))
        #expect(try p.next() == .series)
        #expect(p.exemplar == nil)
        #expect(try p.next() == nil)
        #expect(try p.next() == nil)
    }

    @Test func formatFromContentType() {
        #expect(ExpositionFormat.from(contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8") == .openMetrics)
        #expect(ExpositionFormat.from(contentType: "Application/OpenMetrics-Text") == .openMetrics)
        #expect(ExpositionFormat.from(contentType: "text/plain; version=0.0.4") == .prometheusText)
        #expect(ExpositionFormat.from(contentType: nil) == .prometheusText)
        #expect(ExpositionFormat.from(contentType: "") == .prometheusText)
        #expect(ExpositionFormat.acceptHeader.hasPrefix("application/openmetrics-text;version=1.0.0"))
    }
}
