public import Hummingbird
import PromModel

/// Request parameters from the query string and, for POST, an `application/x-www-form-urlencoded` body —
/// Prometheus accepts both and Grafana uses POST by default.
struct APIParams {
    private var values: [String: [String]] = [:]

    static let maxFormBody = 16 << 20

    init(request: inout Request) async throws {
        if let q = request.uri.query { Self.parseForm(q, into: &values) }
        if request.method == .post,
            let ct = request.headers[.contentType], ct.lowercased().hasPrefix("application/x-www-form-urlencoded")
        {
            let buffer = try await request.collectBody(upTo: Self.maxFormBody)
            Self.parseForm(String(buffer: buffer), into: &values)
        }
    }

    init(_ values: [String: [String]]) { self.values = values }

    func get(_ name: String) -> String? { values[name]?.first }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    static func parseForm(_ s: String, into values: inout [String: [String]]) {
        for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = percentDecode(kv[0])
            let v = kv.count > 1 ? percentDecode(kv[1]) : ""
            values[k, default: []].append(v)
        }
    }

    static func percentDecode(_ s: Substring) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), it.count >= 2, let hi = hexValue(it[it.startIndex]),
                let lo = hexValue(it[it.startIndex + 1])
            {
                out.append(hi << 4 | lo)
                it = it.dropFirst(2)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Prometheus's `parseTime`: Unix seconds with optional fraction, or RFC 3339.
func parseTimeParam(_ s: String, name: String) throws(APIError) -> Timestamp {
    if let d = Double(s), d.isFinite {
        return Timestamp((d * 1000).rounded())
    }
    if let t = parseRFC3339(s) { return t }
    throw APIError(.badData, "invalid parameter \"\(name)\": cannot parse \"\(s)\" to a valid timestamp")
}

/// The min and max times Prometheus substitutes for an absent start/end in metadata endpoints.
let minTime: Timestamp = -9_223_309_901_257_974
let maxTime: Timestamp = 9_223_309_901_257_974

/// Parses `2006-01-02T15:04:05(.999999999)?(Z|±hh:mm)` into ms.
func parseRFC3339(_ s: String) -> Timestamp? {
    let b = Array(s.utf8)
    func num(_ from: Int, _ len: Int) -> Int? {
        guard from + len <= b.count else { return nil }
        var v = 0
        for i in from..<(from + len) {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            v = v * 10 + Int(b[i] - 48)
        }
        return v
    }
    guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
        b[10] == 84 || b[10] == 116, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
        let sec = num(17, 2)
    else { return nil }
    var i = 19
    var millis = 0
    if i < b.count, b[i] == 46 {
        i += 1
        var digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            if digits < 3 { millis = millis * 10 + Int(b[i] - 48) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if digits < 3 { for _ in digits..<3 { millis *= 10 } }
    }
    guard i < b.count else { return nil }
    var offset = 0
    if b[i] == 90 || b[i] == 122 {
        i += 1
    } else if b[i] == 43 || b[i] == 45 {
        guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) else { return nil }
        offset = (oh * 60 + om) * 60 * (b[i] == 43 ? 1 : -1)
        i += 6
    } else {
        return nil
    }
    guard i == b.count, (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61 else { return nil }
    let days = daysFromCivil(y, mo, d)
    let seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset
    return Timestamp(seconds) * 1000 + Timestamp(millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}
