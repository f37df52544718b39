/// Prometheus duration strings (`1h30m`, `90s`, `1y`) in milliseconds.
public enum PromDuration {
    static let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses `<int><unit>…` with units in decreasing order, each at most once. Nil when invalid.
    public static func parse(_ s: String) -> Int64? {
        if s == "0" { return 0 }
        let b = Array(s.utf8)
        var i = 0
        var total: Int64 = 0
        var lastUnit = -1
        guard !b.isEmpty else { return nil }
        while i < b.count {
            var n: Int64 = 0
            let start = i
            while i < b.count && isDigit(b[i]) {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 0x30))
                if o1 || o2 { return nil }
                n = a
                i += 1
            }
            if i == start || i == b.count { return nil }
            var unitIndex: Int
            if b[i] == UInt8(ascii: "m") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "s") {
                unitIndex = 6
                i += 2
            } else {
                guard let u = units.firstIndex(where: { $0.0.utf8.first == b[i] && $0.0.count == 1 }) else { return nil }
                unitIndex = u
                i += 1
            }
            if unitIndex <= lastUnit { return nil }
            lastUnit = unitIndex
            let (m, o) = n.multipliedReportingOverflow(by: units[unitIndex].1)
            if o { return nil }
            let (t, o2) = total.addingReportingOverflow(m)
            if o2 { return nil }
            total = t
        }
        return total
    }

    /// Formats like Prometheus's `model.Duration`: years and weeks only when exact, "0s" for zero.
    public static func format(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        if ms < 0 { return "-" + format(-ms) }
        var rest = ms
        var out = ""
        for (i, (unit, mult)) in units.enumerated() {
            if i < 2 && rest % mult != 0 { continue }
            let v = rest / mult
            if v > 0 {
                out += "\(v)\(unit)"
                rest -= v * mult
            }
        }
        return out
    }
}
