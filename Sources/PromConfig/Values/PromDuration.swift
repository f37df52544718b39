/// A Prometheus duration (`1h30m`, `15s`, `1d`, `1w`, `1y`, `500ms`, `0`), stored in milliseconds.
///
/// Parsing follows Prometheus's `model.ParseDuration`: units must appear largest first, each at most
/// once, a year is 365 days and a bare number other than `0` is an error. `description` prints the
/// shortest form Prometheus prints (`90s` → `1m30s`; years and weeks only when exact).
public struct PromDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func seconds(_ s: Int64) -> PromDuration { PromDuration(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> PromDuration { PromDuration(milliseconds: m * 60_000) }
    public static let zero = PromDuration(milliseconds: 0)

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (a: PromDuration, b: PromDuration) -> Bool { a.milliseconds < b.milliseconds }

    static let units: [(String, Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000), ("h", 3_600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    public init(parsing text: String) throws(DurationError) {
        if text.isEmpty { throw DurationError(message: "empty duration string") }
        if text == "0" {
            self.milliseconds = 0
            return
        }
        let invalid = DurationError(message: "not a valid duration string: \(quoted(text))")
        let bytes = Array(text.utf8)
        var i = 0
        var total: Int64 = 0
        var nextUnit = 0  // units must appear in decreasing order, each at most once
        while i < bytes.count {
            var number: Int64 = 0
            let start = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
                if o1 || o2 { throw DurationError(message: "duration out of range: \(quoted(text))") }
                number = a
                i += 1
            }
            if i == start { throw invalid }
            let unitStart = i
            while i < bytes.count, !(bytes[i] >= 0x30 && bytes[i] <= 0x39) { i += 1 }
            let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self)
            guard let index = Self.units.firstIndex(where: { $0.0 == unit }), index >= nextUnit else { throw invalid }
            nextUnit = index + 1
            let (m, o1) = number.multipliedReportingOverflow(by: Self.units[index].1)
            let (sum, o2) = total.addingReportingOverflow(m)
            if o1 || o2 { throw DurationError(message: "duration out of range: \(quoted(text))") }
            total = sum
        }
        self.milliseconds = total
    }

    public var description: String {
        var ms = milliseconds
        if ms == 0 { return "0s" }
        var out = ms < 0 ? "-" : ""
        ms = abs(ms)
        for (index, (unit, size)) in Self.units.enumerated() {
            // Years and weeks only when they divide exactly: `90d` reads better than `12w6d`.
            if index < 2 && ms % size != 0 { continue }
            let v = ms / size
            if v > 0 {
                out += "\(v)\(unit)"
                ms -= v * size
            }
        }
        return out
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A duration or size that does not parse; `message` quotes the text.
public struct DurationError: Error, Sendable, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
}
