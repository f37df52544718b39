import Foundation
public import Logging
public import PromConfig
public import PromModel

/// `file_sd_configs`: target groups read from JSON or YAML files matched by glob patterns.
///
/// Prometheus watches with inotify and re-reads every `refresh_interval`; here every `pollInterval` the
/// patterns are expanded again and each file whose modification time or size changed is read (every
/// `refresh_interval` all files are read regardless, catching same-size rewrites within one mtime tick).
/// A file that fails to parse keeps its last good groups and is logged once per bad content; a file that
/// disappears removes its groups. Sources are `PATH:INDEX`; every group carries `__meta_filepath`.
public struct FileDiscovery: DiscoveryProvider {
    public let config: FileSDConfig
    public let pollInterval: Duration
    let logger: Logger

    public init(config: FileSDConfig, pollInterval: Duration = .seconds(5), logger: Logger) {
        self.config = config
        self.pollInterval = pollInterval
        self.logger = logger
    }

    struct FileState {
        var mtime: Date?
        var size: Int
        var content: Data
        /// Groups the last good content produced: sources `PATH:0 ..< groupCount`.
        var groupCount: Int
    }

    public func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async {
        var files: [String: FileState] = [:]
        let clock = ContinuousClock()
        let refresh = Duration.milliseconds(config.refreshInterval.milliseconds)
        var lastFullRead = clock.now
        var first = true
        while !Task.isCancelled {
            let full = clock.now - lastFullRead >= refresh
            if full { lastFullRead = clock.now }
            let scanStart = clock.now
            let update = poll(&files, fullRead: full)
            DiscoveryMetrics.fileScan(nanoseconds: (clock.now - scanStart).totalNanoseconds)
            if first || !update.isEmpty { await send(update) }
            first = false
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// One pass over the patterns: the groups that changed since `files` was last updated.
    func poll(_ files: inout [String: FileState], fullRead: Bool) -> [TargetGroup] {
        var update: [TargetGroup] = []
        let paths = Set(config.files.flatMap(PrometheusConfig.filesMatching))
        for (path, state) in files where !paths.contains(path) {
            update += (0..<state.groupCount).map { TargetGroup(source: "\(path):\($0)", targets: []) }
            files[path] = nil
        }
        for path in paths.sorted() {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let mtime = attributes?[.modificationDate] as? Date
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            if let s = files[path], !fullRead, s.mtime == mtime, s.size == size { continue }
            guard let content = FileManager.default.contents(atPath: path) else {
                logger.error("file_sd: cannot read file", metadata: ["file": "\(path)"])
                DiscoveryMetrics.fileReadError()
                continue
            }
            let previous = files[path]
            if let previous, previous.content == content {
                files[path]?.mtime = mtime
                files[path]?.size = size
                continue
            }
            let oldCount = previous?.groupCount ?? 0
            do {
                let groups = try parse(content, path: path)
                update += groups
                if groups.count < oldCount {
                    update += (groups.count..<oldCount).map { TargetGroup(source: "\(path):\($0)", targets: []) }
                }
                files[path] = FileState(mtime: mtime, size: size, content: content, groupCount: groups.count)
            } catch {
                // Keep the last good groups; remember the bad content so it is reported once, not every poll.
                DiscoveryMetrics.fileReadError()
                logger.error(
                    "file_sd: error reading file, keeping its previous targets",
                    metadata: ["file": "\(path)", "err": "\(error)"])
                files[path] = FileState(mtime: mtime, size: size, content: content, groupCount: oldCount)
            }
        }
        return update
    }

    func parse(_ content: Data, path: String) throws(ConfigError) -> [TargetGroup] {
        guard let text = String(data: content, encoding: .utf8) else {
            throw ConfigError(file: path, message: "file is not valid UTF-8")
        }
        let list = try TargetGroupDocument.parse(text, filename: path)
        return list.enumerated().map { i, c in
            c.targetGroup(source: "\(path):\(i)", extra: [("__meta_filepath", path)])
        }
    }
}
