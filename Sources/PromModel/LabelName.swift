/// Reserved label names and the validation rules for names and values.
public enum LabelName {
    public static let metricName = "__name__"
    public static let address = "__address__"
    public static let scheme = "__scheme__"
    public static let metricsPath = "__metrics_path__"
    public static let scrapeInterval = "__scrape_interval__"
    public static let scrapeTimeout = "__scrape_timeout__"
    public static let paramPrefix = "__param_"
    public static let metaPrefix = "__meta_"
    public static let tmpPrefix = "__tmp_"
    public static let reservedPrefix = "__"
    public static let instance = "instance"
    public static let job = "job"
    public static let bucket = "le"
    public static let quantile = "quantile"

    /// Legacy (Prometheus 2) name rule: `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isLegacyValid(_ name: String) -> Bool {
        var first = true
        for b in name.utf8 {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || (!first && b >= 0x30 && b <= 0x39)
            if !ok { return false }
            first = false
        }
        return !first
    }

    /// Prometheus 3 (UTF-8) rule: any non-empty valid UTF-8 string. Swift strings are always valid UTF-8.
    public static func isValid(_ name: String) -> Bool { !name.isEmpty }
}

public enum MetricName {
    /// Legacy metric name rule: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isLegacyValid(_ name: String) -> Bool {
        var first = true
        for b in name.utf8 {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A
                || (!first && b >= 0x30 && b <= 0x39)
            if !ok { return false }
            first = false
        }
        return !first
    }
}

/// Quotes a label value the way Prometheus prints it: Go's `strconv.Quote` for the common cases.
public func quoteLabelValue(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if ch.value < 0x20 || ch.value == 0x7F {
                out += "\\x" + String(ch.value, radix: 16).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    out += "\""
    return out
}

extension String {
    func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
