import PromModel
import Testing

struct RelabelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [String: String]
        var rules: [RelabelConfig]
        /// nil: the label set is dropped.
        var output: [String: String]?
        var testDescription: String { name }
    }

    static func re(_ p: String) -> PromRegex { try! PromRegex(p) }

    static let cases: [Case] = [
        Case(
            name: "replace with capture group",
            input: ["a": "foo", "b": "bar"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("f(.*)"), targetLabel: "d", replacement: "ch${1}-ch${1}")],
            output: ["a": "foo", "b": "bar", "d": "choo-choo"]),
        Case(
            name: "replace joins sources with separator",
            input: ["a": "foo", "b": "bar", "c": "baz"],
            rules: [RelabelConfig(sourceLabels: ["a", "b"], regex: re("f(.*);(.*)r"), targetLabel: "a", replacement: "b${1}${2}m")],
            output: ["a": "boobam", "b": "bar", "c": "baz"]),
        Case(
            name: "replace without match changes nothing",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("bar"), targetLabel: "b", replacement: "x")],
            output: ["a": "foo"]),
        Case(
            name: "replace to empty deletes target",
            input: ["a": "foo", "b": "bar"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("foo"), targetLabel: "b", replacement: "")],
            output: ["a": "foo"]),
        Case(
            name: "replace default regex on missing source sets literal",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["missing"], targetLabel: "b", replacement: "static")],
            output: ["a": "foo", "b": "static"]),
        Case(
            name: "replace copies with default $1",
            input: ["__address__": "host:9100"],
            rules: [RelabelConfig(sourceLabels: ["__address__"], targetLabel: "instance")],
            output: ["__address__": "host:9100", "instance": "host:9100"]),
        Case(
            name: "replace with target label template",
            input: ["a": "some-name-value"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("some-([^-]+)-([^,]+)"), targetLabel: "${1}", replacement: "${2}")],
            output: ["a": "some-name-value", "name": "value"]),
        Case(
            name: "replace with invalid expanded target does nothing",
            input: ["a": "some-name-value"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("some-([^-]+)-([^,]+)"), targetLabel: "${3}", replacement: "${1}")],
            output: ["a": "some-name-value"]),
        Case(
            name: "replace with named group and $1x meaning group 1x",
            input: ["a": "abc"],
            rules: [
                RelabelConfig(sourceLabels: ["a"], regex: re("(?<first>a)(b)c"), targetLabel: "n", replacement: "$first-${2}"),
                RelabelConfig(sourceLabels: ["a"], regex: re("(a)bc"), targetLabel: "m", replacement: "$1x|${1}x|$$1"),
            ],
            output: ["a": "abc", "n": "a-b", "m": "|ax|$1"]),
        Case(
            name: "keep matching",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("f.*"), action: .keep)],
            output: ["a": "foo"]),
        Case(
            name: "keep not matching drops",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("b.*"), action: .keep)],
            output: nil),
        Case(
            name: "keep on missing label matches empty",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["x"], regex: re(""), action: .keep)],
            output: ["a": "foo"]),
        Case(
            name: "drop matching",
            input: ["a": "foo", "b": "bar"],
            rules: [RelabelConfig(sourceLabels: ["a", "b"], regex: re("foo;bar"), action: .drop)],
            output: nil),
        Case(
            name: "drop is anchored",
            input: ["a": "foobar"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: re("foo"), action: .drop)],
            output: ["a": "foobar"]),
        Case(
            name: "keepequal equal keeps",
            input: ["a": "x", "b": "x"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .keepequal)],
            output: ["a": "x", "b": "x"]),
        Case(
            name: "keepequal different drops",
            input: ["a": "x", "b": "y"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .keepequal)],
            output: nil),
        Case(
            name: "dropequal equal drops",
            input: ["a": "x", "b": "x"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .dropequal)],
            output: nil),
        Case(
            name: "dropequal different keeps",
            input: ["a": "x", "b": "y"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .dropequal)],
            output: ["a": "x", "b": "y"]),
        Case(
            name: "hashmod like Prometheus (md5 last 8 bytes)",
            input: ["a": "foo", "b": "bar", "c": "baz"],
            rules: [RelabelConfig(sourceLabels: ["c"], modulus: 1000, targetLabel: "d", action: .hashmod)],
            output: ["a": "foo", "b": "bar", "c": "baz", "d": "976"]),
        Case(
            name: "hashmod of joined sources",
            input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], modulus: 1000, targetLabel: "shard", action: .hashmod)],
            output: ["a": "foo", "shard": "696"]),
        Case(
            name: "labelmap copies matching names",
            input: ["__meta_kubernetes_pod_label_app": "web", "__meta_other": "x", "job": "j"],
            rules: [RelabelConfig(regex: re("__meta_kubernetes_pod_label_(.+)"), replacement: "$1", action: .labelmap)],
            output: ["__meta_kubernetes_pod_label_app": "web", "__meta_other": "x", "job": "j", "app": "web"]),
        Case(
            name: "labelmap with literal prefix in replacement",
            input: ["a": "1", "b": "2"],
            rules: [RelabelConfig(regex: re("(a|b)"), replacement: "new_${1}", action: .labelmap)],
            output: ["a": "1", "b": "2", "new_a": "1", "new_b": "2"]),
        Case(
            name: "labeldrop",
            input: ["a": "1", "b1": "2", "b2": "3"],
            rules: [RelabelConfig(regex: re("b.*"), action: .labeldrop)],
            output: ["a": "1"]),
        Case(
            name: "labelkeep",
            input: ["a": "1", "b1": "2", "b2": "3"],
            rules: [RelabelConfig(regex: re("b.*"), action: .labelkeep)],
            output: ["b1": "2", "b2": "3"]),
        Case(
            name: "lowercase",
            input: ["a": "FoO", "b": "BaR"],
            rules: [RelabelConfig(sourceLabels: ["a", "b"], targetLabel: "low", action: .lowercase)],
            output: ["a": "FoO", "b": "BaR", "low": "foo;bar"]),
        Case(
            name: "uppercase",
            input: ["a": "FoO"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "up", action: .uppercase)],
            output: ["a": "FoO", "up": "FOO"]),
        Case(
            name: "rules apply in order and see earlier results",
            input: ["a": "foo"],
            rules: [
                RelabelConfig(sourceLabels: ["a"], targetLabel: "__tmp_x", replacement: "bar"),
                RelabelConfig(sourceLabels: ["__tmp_x"], regex: re("bar"), action: .keep),
                RelabelConfig(regex: re("__tmp_.*"), action: .labeldrop),
            ],
            output: ["a": "foo"]),
    ]

    @Test(arguments: cases)
    func applies(_ c: Case) {
        for rule in c.rules { #expect(throws: Never.self) { try rule.validate() } }
        let out = relabel(Labels(c.input), c.rules)
        #expect(out == c.output.map { Labels($0) })
    }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
        (String(repeating: "0123456789", count: 13), "a328d4ed33e094acb4f9835d4719c34c"),
    ])
    func md5MatchesKnownDigests(input: String, hex: String) {
        #expect(MD5.hex(input) == hex)
    }
}

struct RelabelValidationTests {
    static func re(_ p: String) -> PromRegex { try! PromRegex(p) }

    @Test(arguments: [
        (RelabelConfig(targetLabel: ""), "relabel configuration for replace action requires 'target_label' value"),
        (RelabelConfig(targetLabel: "h", action: .hashmod), "relabel configuration for hashmod requires non-zero modulus"),
        (RelabelConfig(modulus: 3, action: .hashmod), "relabel configuration for hashmod action requires 'target_label' value"),
        (RelabelConfig(targetLabel: "x", replacement: "y", action: .lowercase), "'replacement' can not be set for lowercase action"),
        (RelabelConfig(regex: re("a"), targetLabel: "x", action: .keepequal),
         "keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
        (RelabelConfig(sourceLabels: ["a"], regex: re("a"), action: .labeldrop),
         "labeldrop action requires only 'regex', and no other fields"),
        (RelabelConfig(regex: re("a"), replacement: "", action: .labelmap), "\"\" is invalid 'replacement' for labelmap action"),
        (RelabelConfig(targetLabel: "$1", action: .uppercase), "\"$1\" is invalid 'target_label' for uppercase action"),
    ])
    func rejects(config: RelabelConfig, message: String) {
        #expect(throws: RelabelConfigError(message)) { try config.validate() }
    }
}

struct RelabelEdgeTests {
    @Test func defaultRegexMatchesValuesWithNewlines() {
        // Prometheus 3 compiles relabel regexes with (?s:…), so `(.*)` spans newlines.
        let rules = [RelabelConfig(sourceLabels: ["a"], targetLabel: "b"), RelabelConfig(sourceLabels: ["a"], targetLabel: "c", replacement: "x")]
        let out = relabel(Labels(["a": "line1\nline2"]), rules)
        #expect(out == Labels(["a": "line1\nline2", "b": "line1\nline2", "c": "x"]))
    }

    @Test func templateEdgeCases() throws {
        let m = try #require(try PromRegex("(?<word>[a-z]+)-([0-9]+)").wholeMatch("abc-42"))
        #expect(m.expand("$word/$2/${word}x/$wordx/$9/$/${2/$$") == "abc/42/abcx///$/${2/$")
        #expect(m.expand("$02") == "")
        #expect(m.expand("no refs") == "no refs")
    }
}
