import Foundation

extension PrometheusConfig {
    /// Reads every file matched by the `scrape_config_files` globs (each holds only `scrape_configs:`),
    /// in glob order then file-name order, rejecting job names already used.
    static func includeScrapeConfigFiles(
        _ globs: [String], global: GlobalConfig, seen: [String: String], environment: [String: String]
    ) throws(ConfigError) -> [ScrapeConfig] {
        var seen = seen
        var out: [ScrapeConfig] = []
        for pattern in globs {
            for file in expandGlob(pattern) {
                let text = try readFile(file, reportedAs: file)
                let directory = (file as NSString).deletingLastPathComponent
                guard let root = try compose(text, filename: file, directory: directory, environment: environment)
                else { continue }
                let o = try root.object(["scrape_configs"])
                for d in try o["scrape_configs"]?.sequence() ?? [] {
                    let s = try d.scrapeConfig(global: global)
                    if let first = seen[s.jobName] {
                        throw d.error("found multiple scrape configs with job name \(quoted(s.jobName)) (first at \(first))")
                    }
                    seen[s.jobName] = "\(file):\(d.node.mark?.line ?? 0)"
                    out.append(s)
                }
            }
        }
        return out
    }
}

/// Files matching a shell glob (`*`, `?`, `[...]`), sorted; a pattern without wildcards is returned as-is
/// when the file exists.
func expandGlob(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    var out: [String] = []
    for i in 0..<Int(g.gl_pathc) {
        if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
    }
    return out.sorted()
}

extension NodeDecoder {
    /// A file glob; malformed patterns (an unclosed `[`) are rejected like Go's `filepath.Match`.
    func glob() throws(ConfigError) -> String {
        let p = try filePath()
        var depth = 0
        var escaped = false
        for ch in p {
            if escaped {
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "[": depth += 1
            case "]": if depth > 0 { depth -= 1 }
            default: break
            }
        }
        if depth != 0 || escaped { throw error("invalid file glob \(quoted(p)): syntax error in pattern") }
        return p
    }
}
