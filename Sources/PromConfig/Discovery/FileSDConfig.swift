/// `file_sd_configs` entry: JSON/YAML target-group files matched by globs, re-read on change and periodically.
public struct FileSDConfig: Sendable, Hashable, Encodable {
    /// Patterns resolved against the config file's directory; only the last path segment may hold `*`.
    public var files: [String]
    public var refreshInterval: PromDuration = .minutes(5)

    public init(files: [String], refreshInterval: PromDuration = .minutes(5)) {
        self.files = files
        self.refreshInterval = refreshInterval
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case files
        case refreshInterval = "refresh_interval"
    }
}

extension NodeDecoder {
    public func fileSDConfig() throws(ConfigError) -> FileSDConfig {
        let o = try object(FileSDConfig.CodingKeys.allCases.map(\.rawValue))
        var files: [String] = []
        for d in try o["files"]?.sequence() ?? [] {
            let raw = try d.string()
            if !Self.isValidFileSDPattern(raw) {
                throw d.error(
                    "path name \(quoted(raw)) is not valid for file discovery: it must end in .json, .yml or .yaml and only the last path segment may contain \"*\"")
            }
            files.append(try d.filePath())
        }
        if files.isEmpty {
            throw o.objectError(at: "files", "file service discovery config must contain at least one path name")
        }
        var c = FileSDConfig(files: files)
        if let v = try o.duration("refresh_interval") { c.refreshInterval = v }
        return c
    }

    /// Prometheus's rule: `^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`.
    static func isValidFileSDPattern(_ p: String) -> Bool {
        let extensions = [".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"]
        guard let ext = extensions.first(where: { p.hasSuffix($0) }) else { return false }
        let stem = p.dropLast(ext.count)
        guard let star = stem.firstIndex(of: "*") else { return true }
        return !stem[star...].dropFirst().contains("*") && !stem[star...].contains("/")
    }
}
