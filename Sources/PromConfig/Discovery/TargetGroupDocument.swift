/// The document file and HTTP service discovery read: a YAML or JSON list of `{targets, labels}` entries
/// (JSON is YAML, so one parser serves both and errors carry line and column).
public enum TargetGroupDocument {
    /// Parses `text`; `filename` names the source in errors (a path or a URL). An empty document is no groups.
    public static func parse(_ text: String, filename: String) throws(ConfigError) -> [StaticConfig] {
        guard let root = try PrometheusConfig.compose(text, filename: filename, directory: "", environment: [:]) else {
            return []
        }
        var out: [StaticConfig] = []
        for d in try root.sequence() {
            out.append(try d.staticConfig(scheme: .utf8))
        }
        return out
    }
}

extension PrometheusConfig {
    /// Files matching a shell glob, sorted (what `scrape_config_files` and `file_sd_configs` patterns match).
    public static func filesMatching(_ pattern: String) -> [String] { expandGlob(pattern) }

    /// Every file the config was read from besides the main file: the matches of `scrape_config_files`.
    public var includedFiles: [String] { scrapeConfigFiles.flatMap(expandGlob) }
}
