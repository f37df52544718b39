import Foundation
import Yams

extension PrometheusConfig {
    /// Reads and validates a config file; relative paths inside it are resolved against its directory,
    /// and `scrape_config_files` are read too.
    public static func load(path: String) throws(ConfigError) -> PrometheusConfig {
        let text = try readFile(path, reportedAs: path)
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, filename: path, directory: directory.isEmpty ? "." : directory)
    }

    /// Parses and validates config text. `filename` is only used in error messages; `directory` (when not
    /// empty) resolves relative file paths and `scrape_config_files` globs. `environment` (default: the
    /// process environment) feeds `${VAR}` expansion in external labels.
    public static func parse(
        yaml: String, filename: String, directory: String = "",
        environment: [String: String]? = nil
    ) throws(ConfigError) -> PrometheusConfig {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let root = try compose(yaml, filename: filename, directory: directory, environment: environment)
        var config = PrometheusConfig()
        guard let root else { return config }
        let o = try root.object(CodingKeys.allCases.map(\.rawValue))
        if let d = o["global"] { config.global = try d.globalConfig() }
        config.ruleFiles = try o.list("rule_files") { d throws(ConfigError) in try d.glob() }
        config.scrapeConfigFiles = try o.list("scrape_config_files") { d throws(ConfigError) in try d.glob() }
        let global = config.global
        var jobs: [String: NodeDecoder] = [:]
        for d in try o["scrape_configs"]?.sequence() ?? [] {
            let s = try d.scrapeConfig(global: global)
            if let first = jobs[s.jobName] {
                throw d.error(
                    "found multiple scrape configs with job name \(quoted(s.jobName)) (first on line \(first.node.mark?.line ?? 0))")
            }
            jobs[s.jobName] = d
            config.scrapeConfigs.append(s)
        }
        let scheme = global.metricNameValidationScheme
        if let d = o["alerting"] { config.alerting = try d.alertingConfig(scheme: scheme) }
        config.remoteWrite = try o.list("remote_write") { d throws(ConfigError) in try d.remoteWriteConfig() }
        config.remoteRead = try o.list("remote_read") { d throws(ConfigError) in try d.remoteReadConfig(scheme: scheme) }
        try checkUniqueNames(o, "remote_write", config.remoteWrite.map(\.name))
        try checkUniqueNames(o, "remote_read", config.remoteRead.map(\.name))
        if let d = o["storage"] { config.storage = try d.storageConfig() }
        if let d = o["otlp"] { config.otlp = try d.otlpConfig() }
        if let d = o["tracing"] { config.tracing = try d.tracingConfig() }
        if let d = o["runtime"] { config.runtimeGOGC = try d.runtimeConfig() }
        config.includedScrapeConfigs = try includeScrapeConfigFiles(
            config.scrapeConfigFiles, global: global, seen: jobs.mapValues { "\($0.file):\($0.node.mark?.line ?? 0)" },
            environment: environment)
        return config
    }

    /// Remote endpoint names must be unique (they name queues and metrics).
    static func checkUniqueNames(_ o: ObjectDecoder, _ key: String, _ names: [String?]) throws(ConfigError) {
        var seen: Set<String> = []
        let items = try o[key]?.sequence() ?? []
        for (i, name) in names.enumerated() {
            guard let name, !name.isEmpty else { continue }
            if !seen.insert(name).inserted {
                throw items[i].error("found multiple \(key) configs with name \(quoted(name))")
            }
        }
    }

    /// Parses YAML into a node tree, turning syntax errors into positioned `ConfigError`s.
    static func compose(
        _ yaml: String, filename: String, directory: String, environment: [String: String]
    ) throws(ConfigError) -> NodeDecoder? {
        do {
            guard let node = try Yams.compose(yaml: yaml) else { return nil }
            return NodeDecoder(file: filename, node: node, environment: environment, directory: directory)
        } catch let e as YamlError {
            throw Self.positioned(e, filename: filename)
        } catch {
            throw ConfigError(file: filename, message: "invalid YAML: \(error)")
        }
    }

    static func positioned(_ e: YamlError, filename: String) -> ConfigError {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let ctx = context.map(\.text) ?? ""
            return ConfigError(file: filename, line: mark.line, column: mark.column, message: "invalid YAML: \(problem) \(ctx)".trimmingSpaces())
        case .composer(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return ConfigError(file: filename, line: mark.line, column: mark.column, message: "invalid YAML: \(ctx)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first occurrence of the key.
            let keys = duplicates.map(quoted).joined(separator: ", ")
            return ConfigError(
                file: filename, line: context.mark.line, column: context.mark.column,
                message: "field \(keys) is set more than once in the same mapping")
        default:
            return ConfigError(file: filename, message: "invalid YAML: \(e)")
        }
    }

    static func readFile(_ path: String, reportedAs name: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: name, message: "cannot read file: no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: name, message: "file is not valid UTF-8")
        }
        return text
    }
}

extension String {
    func trimmingSpaces() -> String { trimmingCharacters(in: .whitespaces) }
}
