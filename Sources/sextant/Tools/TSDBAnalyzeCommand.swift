import ArgumentParser
import Foundation
import PromModel
import Storage
import TSDB

/// promtool's `tsdb analyze`: cardinality of one block (the newest by default).
struct TSDBAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyze the series and labels of a block.")

    @Argument(help: "Data directory.") var dataDir: String
    @Argument(help: "Block ID; the newest block when omitted.") var blockID: String?
    @Option(name: .customLong("limit"), help: "How many items to show in each list.") var limit = 20

    func run() throws {
        let db = try openToolTSDB(dataDir)
        defer { try? db.close() }
        let blocks = db.blockInfos
        guard !blocks.isEmpty else { throw ValidationError("no blocks found in \"\(dataDir)\"") }
        let block: BlockInfo
        if let blockID {
            guard let b = blocks.first(where: { $0.ulid == blockID }) else {
                throw ValidationError("block \"\(blockID)\" not found in \"\(dataDir)\"")
            }
            block = b
        } else {
            block = blocks.max { $0.maxTime < $1.maxTime }!
        }
        // The block's series as the querier sees its time range (the head never overlaps a persisted block).
        let q = try db.querier(mint: block.minTime, maxt: block.maxTime - 1)
        let series = try q.select(sorted: false, hints: nil, matchers: [try Matcher(.regexMatch, "__name__", ".+")])
        var pairCount: [String: Int] = [:]
        var valuesByName: [String: Set<String>] = [:]
        var entries = 0
        for s in series {
            for l in s.labels {
                entries += 1
                pairCount["\(l.name)=\(l.value)", default: 0] += 1
                valuesByName[l.name, default: []].insert(l.value)
            }
        }
        var out = "Block ID: \(block.ulid)\n"
        out += "Duration: \(goDuration(block.maxTime - block.minTime))\n"
        out += "Total Series: \(series.count)\n"
        out += "Label names: \(valuesByName.count)\n"
        out += "Postings (unique label pairs): \(pairCount.count)\n"
        out += "Postings entries (total label pairs): \(entries)\n"
        func section(_ title: String, _ items: [(String, Int)]) {
            out += "\n\(title):\n"
            let top = items.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit)
            for (name, n) in top { out += "\(n) \(name)\n" }
        }
        section(
            "Label names with highest cumulative label value length",
            valuesByName.map { ($0.key, $0.value.reduce(0) { $0 + $1.utf8.count }) })
        section("Highest cardinality labels", valuesByName.map { ($0.key, $0.value.count) })
        section("Most common label pairs", pairCount.map { ($0.key, $0.value) })
        section(
            "Highest cardinality metric names",
            pairCount.filter { $0.key.hasPrefix("__name__=") }.map { (String($0.key.dropFirst(9)), $0.value) })
        print(out, terminator: "")
    }
}

/// Go's `time.Duration.String()` for whole milliseconds: `2h0m0s`, `1m30s`, `500ms`.
func goDuration(_ ms: Int64) -> String {
    if ms == 0 { return "0s" }
    if ms < 1000 { return "\(ms)ms" }
    let h = ms / 3_600_000
    let m = ms / 60_000 % 60
    let s = Double(ms % 60_000) / 1000
    let secs = s == s.rounded() ? String(Int(s)) : String(s)
    if h > 0 { return "\(h)h\(m)m\(secs)s" }
    if m > 0 { return "\(m)m\(secs)s" }
    return "\(secs)s"
}
