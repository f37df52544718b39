import PromConfig
import Testing

struct PromDurationTests {
    @Test(arguments: [
        ("0", 0, "0s"), ("15s", 15_000, "15s"), ("90s", 90_000, "1m30s"), ("1h30m", 5_400_000, "1h30m"),
        ("500ms", 500, "500ms"), ("1d", 86_400_000, "1d"), ("1w", 604_800_000, "1w"), ("1y", 31_536_000_000, "1y"),
        ("14d", 1_209_600_000, "2w"), ("90d", 7_776_000_000, "90d"), ("1m0s", 60_000, "1m"), ("1s500ms", 1500, "1s500ms"),
        ("2y3w4d5h6m7s8ms", 65_250_367_008, "755d5h6m7s8ms"),
    ])
    func parsesAndPrintsLikePrometheus(text: String, ms: Int64, printed: String) throws {
        let d = try PromDuration(parsing: text)
        #expect(d.milliseconds == ms)
        #expect(d.description == printed)
        #expect(try PromDuration(parsing: d.description) == d)
    }

    @Test(arguments: [
        ("", "empty duration string"), ("15", #"not a valid duration string: "15""#),
        ("1m1h", #"not a valid duration string: "1m1h""#), ("1s1s", #"not a valid duration string: "1s1s""#),
        ("-1s", #"not a valid duration string: "-1s""#), ("1.5s", #"not a valid duration string: "1.5s""#),
        ("5 s", #"not a valid duration string: "5 s""#), ("1x", #"not a valid duration string: "1x""#),
        ("99999999999999999999s", #"duration out of range: "99999999999999999999s""#),
    ])
    func rejects(text: String, message: String) {
        #expect(throws: DurationError(message: message)) { try PromDuration(parsing: text) }
    }
}

struct ByteSizeTests {
    @Test(arguments: [("0", 0, "0B"), ("512B", 512, "512B"), ("1KB", 1024, "1KiB"), ("100MB", 100 << 20, "100MiB"),
                      ("2GiB", 2 << 30, "2GiB"), ("1536KB", 1536 << 10, "1536KiB")])
    func parses(text: String, bytes: Int64, printed: String) throws {
        let s = try ByteSize(parsing: text)
        #expect(s.bytes == bytes)
        #expect(s.description == printed)
    }

    @Test(arguments: ["100", "1XB", "MB", "-1MB"])
    func rejects(text: String) {
        #expect(throws: DurationError.self) { try ByteSize(parsing: text) }
    }
}
