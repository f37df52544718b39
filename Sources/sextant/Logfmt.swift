import Foundation
import Logging

/// Writes log records as logfmt lines on stderr, as Prometheus 3 does:
/// `time=2024-05-01T10:00:00.000Z level=INFO source=scrape msg="Starting scrape manager" key=value`.
struct LogfmtHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let json: Bool

    init(label: String, level: Logger.Level, json: Bool = false) {
        self.label = label
        self.logLevel = level
        self.json = json
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let time = Self.timestamp()
        var line: String
        if json {
            line = "{\"time\":\"\(time)\",\"level\":\"\(event.level.slogName)\",\"source\":\"\(label)\",\"msg\":\(jsonQuote("\(event.message)"))"
            for key in all.keys.sorted() { line += ",\(jsonQuote(key)):\(jsonQuote("\(all[key]!)"))" }
            line += "}\n"
        } else {
            line = "time=\(time) level=\(event.level.slogName) source=\(label) msg=\(logfmtValue("\(event.message)"))"
            for key in all.keys.sorted() { line += " \(key)=\(logfmtValue("\(all[key]!)"))" }
            line += "\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tm = tm()
        gmtime_r(&t, &tm)
        let ms = Int(tv.tv_usec) / 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
            Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), ms)
    }
}

private func logfmtValue(_ s: String) -> String {
    if !s.isEmpty, !s.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline }) { return s }
    return jsonQuote(s)
}

private func jsonQuote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

extension Logger.Level {
    var slogName: String {
        switch self {
        case .trace, .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARN"
        case .error, .critical: return "ERROR"
        }
    }
}
