import ArgumentParser
import Foundation
import Logging
import PromModel
import PromQL
import Storage
import TSDB

/// `sextant tsdb …`: promtool's `tsdb analyze`, `tsdb dump` and `tsdb create-blocks-from openmetrics`.
struct TSDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsdb",
        abstract: "Inspect and fill TSDB data directories (the server must not be running on them).",
        subcommands: [TSDBAnalyzeCommand.self, TSDBDumpCommand.self, TSDBImportCommand.self])
}

/// Opens a data directory for a tool; the TSDB's directory lock keeps a running server's data safe.
func openToolTSDB(_ dir: String) throws -> TSDB {
    guard FileManager.default.fileExists(atPath: dir) else {
        throw ValidationError("data directory \"\(dir)\" does not exist")
    }
    var logger = Logger(label: "tsdb")
    logger.logLevel = .warning
    // Tools never apply retention: they must not delete what they were asked to read.
    return try TSDB(directory: dir, options: TSDBOptions(retentionDuration: 0), logger: logger)
}

/// Prints samples as promtool does: `{labels} value timestamp` per line.
struct TSDBDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dump", abstract: "Dump samples from a data directory.")

    @Argument(help: "Data directory.") var dataDir: String
    @Option(name: .customLong("match"), help: "Series selector; may be repeated.") var match: [String] = []
    @Option(name: .customLong("min-time"), help: "Minimum timestamp to dump, in ms.") var minTime = Int64.min
    @Option(name: .customLong("max-time"), help: "Maximum timestamp to dump, in ms.") var maxTime = Int64.max

    func run() throws {
        var selectors: [[Matcher]] = []
        for s in match.isEmpty ? [#"{__name__=~".+"}"#] : match {
            do { selectors.append(try parseMetricSelector(s)) } catch {
                throw ValidationError("invalid --match \"\(s)\": \(error)")
            }
        }
        let db = try openToolTSDB(dataDir)
        defer { try? db.close() }
        let q = try db.querier(mint: minTime, maxt: maxTime)
        var seen = Set<Labels>()
        var out = ""
        for matchers in selectors {
            for series in try q.select(sorted: true, hints: nil, matchers: matchers) where seen.insert(series.labels).inserted {
                let name = goLabelsString(series.labels)
                var it = series.makeIterator()
                while true {
                    let kind = it.next()
                    if kind == .none { break }
                    let t = it.atT
                    if t < minTime || t > maxTime { continue }
                    if kind == .float {
                        out += "\(name) \(goFormatG(it.at().v)) \(t)\n"
                    } else if let h = it.atFloatHistogram() {
                        out += "\(name) \(goHistogramString(h.h)) \(t)\n"
                    }
                    if out.utf8.count > 1 << 16 {
                        print(out, terminator: "")
                        out = ""
                    }
                }
            }
        }
        print(out, terminator: "")
    }
}

/// Go's `FloatHistogram.String()` as promtool prints histograms: `{count:10, sum:5, [-2,-1):4, (0.5,1]:3}`, the
/// non-empty buckets from the lowest, `[`/`]` on inclusive ends.
func goHistogramString(_ h: FloatHistogram) -> String {
    var out = "{count:\(goFormatG(h.count)), sum:\(goFormatG(h.sum))"
    for b in h.buckets {
        let lowerInclusive = b.isZeroBucket || b.lower < 0
        let upperInclusive = b.isZeroBucket || b.upper > 0
        out += ", " + (lowerInclusive ? "[" : "(") + "\(goFormatG(b.lower)),\(goFormatG(b.upper))"
            + (upperInclusive ? "]" : ")") + ":\(goFormatG(b.count))"
    }
    return out + "}"
}

/// Go's `labels.Labels.String()`: `{__name__="up", job="x"}`.
func goLabelsString(_ l: Labels) -> String {
    "{" + l.map { "\($0.name)=\(quoteLabelValue($0.value))" }.joined(separator: ", ") + "}"
}

/// Go's `%g` for a float64 (promtool prints values with it): shortest round-trip digits, in exponent form when
/// the decimal exponent is < -4 or >= 6 (`1e+06`, `1.5e-05`), else plain (`123456`, `0.001`).
func goFormatG(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    if v == 0 { return v.sign == .minus ? "-0" : "0" }
    // Shortest round-trip digits and decimal exponent from Swift's own shortest formatting.
    let sci = String(describing: v.magnitude)
    var mantissa = sci
    var exp = 0
    if let e = sci.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = String(sci[..<e])
        exp = Int(sci[sci.index(after: e)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = intPart + fracPart
    var point = intPart.count + exp  // position of the decimal point within digits
    while digits.hasPrefix("0") && digits.count > 1 {
        digits.removeFirst()
        point -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    let x = point - 1
    let sign = v < 0 ? "-" : ""
    if x < -4 || x >= 6 {
        var m = String(digits.first!)
        if digits.count > 1 { m += "." + digits.dropFirst() }
        let es = x < 0 ? "-" : "+"
        let ea = abs(x)
        return sign + m + "e" + es + (ea < 10 ? "0" : "") + String(ea)
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
    let i = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<i] + "." + digits[i...]
}
