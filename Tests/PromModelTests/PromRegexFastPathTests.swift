import Testing
@testable import PromModel

/// The shapes `PromRegex` answers without the regex engine must answer exactly as the engine does.
struct PromRegexFastPathTests {
    static let patterns = [
        "host-1.*:9100", ".*:9100", "a.*b", "job-[0-4]", "job-[0-4]|web", "[ab][xy]", "x[-a]", "x[a-]",
        "v[0-9]", "api|", "foo.*", ".*", ".+", "foo", "a|b|c",
    ]
    static let subjects = [
        "", "a", "b", "ab", "a\nb", "axb", "host-1:9100", "host-10:9100", "host-1x:9100", "host-2:9100",
        "host-1\n:9100", "host-1:910", ":9100", "job-0", "job-4", "job-5", "job-", "job-00", "web", "ax", "by",
        "bx", "x-", "xa", "x]", "]", "v7", "va", "api", "foo", "foobar", "c", "é", "e\u{301}",
    ]

    @Test func fastPathsAgreeWithTheRegexEngine() throws {
        for p in Self.patterns {
            let re = try PromRegex(p)
            let engine = try CompiledRegex("^(?:" + p + ")$")
            for s in Self.subjects {
                #expect(re.matches(s) == engine.wholeMatch(s), "\(p) on \(s.debugDescription)")
            }
        }
    }

    @Test func smallClassesExpandToLiteralSets() throws {
        #expect(try PromRegex("job-[0-4]").literalAlternatives == ["job-0", "job-1", "job-2", "job-3", "job-4"])
        #expect(try PromRegex("[ab]x|y").literalAlternatives == ["ax", "bx", "y"])
        #expect(try PromRegex("x[-a]").literalAlternatives == ["x-", "xa"])
        // Too many strings, negation, or other metacharacters: the engine decides.
        #expect(try PromRegex("[a-z][a-z]").literalAlternatives == nil)
        #expect(try PromRegex("[^a]").literalAlternatives == nil)
        #expect(try PromRegex("[a]+").literalAlternatives == nil)
    }

    @Test func affixesKeepThePrefixForPostings() throws {
        #expect(try PromRegex("host-1.*:9100").literalPrefix == "host-1")
        #expect(try PromRegex(".*:9100").literalPrefix == nil)
    }
}
