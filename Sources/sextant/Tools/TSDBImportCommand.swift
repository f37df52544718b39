import ArgumentParser
import Exposition
import Foundation
import Logging
import PromModel
import Storage
import TSDB

/// `sextant tsdb import openmetrics FILE DATA_DIR` (promtool's `tsdb create-blocks-from openmetrics`): every
/// sample (timestamps required) goes into blocks aligned to `--block-duration` windows in DATA_DIR.
struct TSDBImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Create blocks from exported data.",
        subcommands: [TSDBImportOpenMetricsCommand.self])
}

struct TSDBImportOpenMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openmetrics", abstract: "Create blocks from an OpenMetrics file (ending in `# EOF`).")

    @Argument(help: "OpenMetrics input file.") var file: String
    @Argument(help: "Output data directory.") var dataDir: String = "data"
    @Option(name: .customLong("block-duration"), help: "Width of each block, in hours.") var blockHours = 2

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read input file \"\(file)\"")
        }
        guard blockHours > 0 else { throw ValidationError("--block-duration must be positive, got \(blockHours)") }
        let width = Int64(blockHours) * 3_600_000
        // Samples per window; a series' labels are built once per distinct series text.
        var windows: [Int64: [(Labels, Int64, Double)]] = [:]
        var labelsCache: [String: Labels] = [:]
        var p = ExpositionParser(Array(data), format: .openMetrics)
        let body = Array(data)
        var count = 0
        do {
            while let entry = try p.next() {
                guard entry == .series else { continue }
                guard let t = p.timestamp else {
                    throw ValidationError("\(file):\(p.lineNumber): sample has no timestamp; import needs one on every sample")
                }
                let key = String(decoding: body[p.seriesRange], as: UTF8.self)
                let labels = labelsCache[key] ?? p.labels()
                labelsCache[key] = labels
                let start = t >= 0 ? t / width * width : ((t + 1) / width - 1) * width
                windows[start, default: []].append((labels, t, p.value))
                count += 1
            }
        } catch let e as ExpositionError {
            throw ValidationError("\(file): \(e)")
        }
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        var logger = Logger(label: "tsdb")
        logger.logLevel = .warning
        for start in windows.keys.sorted() {
            try writeBlock(windows[start]!, into: dataDir, logger: logger)
        }
        print("imported \(count) samples of \(labelsCache.count) series into \(windows.count) blocks in \(dataDir)")
    }

    /// Appends one window's samples to a scratch TSDB and snapshots its head, which writes exactly one block,
    /// then moves that block into the data directory.
    func writeBlock(_ samples: [(Labels, Int64, Double)], into dataDir: String, logger: Logger) throws {
        let fm = FileManager.default
        let scratch = dataDir + "/.import-\(UUID().uuidString)"
        try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: scratch) }
        let db = try TSDB(directory: scratch + "/db", options: TSDBOptions(retentionDuration: 0), logger: logger)
        let app = db.appender()
        for (labels, t, v) in samples.sorted(by: { $0.1 < $1.1 }) {
            do { _ = try app.append(SeriesRef(0), labels, t: t, v: v) } catch {
                throw ValidationError("sample \(labels) at \(t): \(error)")
            }
        }
        try app.commit()
        try db.snapshot(to: scratch + "/out", withHead: true)
        try db.close()
        for name in try fm.contentsOfDirectory(atPath: scratch + "/out") {
            try fm.moveItem(atPath: "\(scratch)/out/\(name)", toPath: "\(dataDir)/\(name)")
        }
    }
}
