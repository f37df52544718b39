import PromModel
import Testing

struct LabelsTests {
    @Test func sortsAndDropsEmptyValues() {
        let l = Labels([("b", "2"), ("a", "1"), ("c", ""), ("__name__", "up")])
        #expect(l.map(\.name) == ["__name__", "a", "b"])
        #expect(l.get("c") == "")
        #expect(l.description == #"up{a="1", b="2"}"#)
    }

    @Test func equalityAndHashAreByteWise() {
        let composed = Labels([("a", "\u{00E9}")])
        let decomposed = Labels([("a", "e\u{0301}")])
        #expect(composed != decomposed)
        #expect(composed.stableHash != decomposed.stableHash)
        #expect(Labels([("a", "1")]).stableHash == Labels([("a", "1")]).stableHash)
    }

    @Test(arguments: [
        (#"a\b"#, #""a\\b""#), ("line\nbreak", #""line\nbreak""#), (#"q"q"#, #""q\"q""#),
    ])
    func quotesLikeGo(raw: String, quoted: String) {
        #expect(quoteLabelValue(raw) == quoted)
    }

    @Test func compareOrdersPairwiseThenByLength() {
        let a = Labels([("a", "1")])
        let ab = Labels([("a", "1"), ("b", "1")])
        let a2 = Labels([("a", "2")])
        #expect(a < ab)
        #expect(ab < a2)
    }
}

struct MatcherTests {
    struct Case: Sendable {
        var kind: Matcher.Kind
        var value: String
        var input: String
        var want: Bool
    }

    @Test(arguments: [
        Case(kind: .equal, value: "x", input: "x", want: true),
        Case(kind: .notEqual, value: "x", input: "", want: true),
        Case(kind: .regexMatch, value: "fo.*", input: "foo", want: true),
        Case(kind: .regexMatch, value: "fo", input: "foo", want: false),  // anchored
        Case(kind: .regexMatch, value: "a|b", input: "b", want: true),
        Case(kind: .regexMatch, value: "a|b", input: "ab", want: false),
        Case(kind: .regexMatch, value: "[0-9]+s", input: "15s", want: true),
        Case(kind: .regexNoMatch, value: ".+", input: "", want: true),
        Case(kind: .regexMatch, value: ".*", input: "", want: true),
    ])
    func matches(c: Case) throws {
        let m = try Matcher(c.kind, "l", c.value)
        #expect(m.matches(c.input) == c.want)
    }

    @Test(arguments: [#"(a)\1"#, "a(?=b)", "a(?!b)", "(?<=a)b", "a++"])
    func rejectsWhatRE2Rejects(pattern: String) {
        #expect(throws: RegexError.self) { try PromRegex(pattern) }
    }

    @Test func capturesForRelabeling() throws {
        let r = try PromRegex("(.+):(\\d+)")
        let c = try #require(r.captures("host:9100"))
        #expect(c[1] == "host")
        #expect(c[2] == "9100")
    }
}
