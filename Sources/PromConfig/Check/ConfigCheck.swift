import Foundation

/// The outcome of checking one config file, as `sextant check config` prints it.
public struct ConfigCheckReport: Sendable {
    public var file: String
    /// Problems that make the config unusable; empty when it is valid.
    public var errors: [String] = []
    /// Problems that do not stop loading (e.g. a credential file missing now that may appear later).
    public var warnings: [String] = []
    /// Rule files matched by `rule_files`.
    public var ruleFiles: [String] = []
    /// Each matched rule file and its outcome: the number of rules, or the error. Empty with `syntaxOnly`.
    public var ruleFileResults: [(file: String, result: Result<Int, ConfigError>)] = []
    /// The loaded config when it parsed and validated.
    public var config: PrometheusConfig?

    public init(file: String) { self.file = file }

    public var isValid: Bool { errors.isEmpty }

    /// promtool-style text: `Checking FILE`, then ` SUCCESS: …` or `  FAILED: …` lines.
    public var text: String {
        var out = "Checking \(file)\n"
        for w in warnings { out += "  WARNING: \(w)\n" }
        if errors.isEmpty {
            out += " SUCCESS: \(ruleFiles.count) rule files found\n"
            out += " SUCCESS: \(file) is valid prometheus config file syntax\n"
        } else {
            for e in errors { out += "  FAILED: \(e)\n" }
        }
        for (ruleFile, result) in ruleFileResults {
            out += "\nChecking \(ruleFile)\n"
            switch result {
            case .success(let n): out += "  SUCCESS: \(n) rules found\n"
            case .failure(let e): out += "  FAILED: \(e)\n"
            }
        }
        return out
    }
}

extension PrometheusConfig {
    /// Checks config files the way `promtool check config` does: each must load and validate; unless
    /// `syntaxOnly`, files it names (rule files, credentials, certificates, kubeconfigs) must exist.
    ///
    /// Unless `syntaxOnly`, every matched rule file is loaded too (PromQL checked by `validateExpression`
    /// when given), and a failing rule file makes the report invalid.
    ///
    /// Never throws: every problem becomes a message in the file's report.
    public static func check(
        paths: [String], syntaxOnly: Bool = false, validateExpression: RuleFile.ExpressionValidator? = nil
    ) -> [ConfigCheckReport] {
        paths.map { check(path: $0, syntaxOnly: syntaxOnly, validateExpression: validateExpression) }
    }

    public static func check(
        path: String, syntaxOnly: Bool = false, validateExpression: RuleFile.ExpressionValidator? = nil
    ) -> ConfigCheckReport {
        var report = ConfigCheckReport(file: path)
        let config: PrometheusConfig
        do {
            config = try load(path: path)
        } catch {
            report.errors.append(error.description)
            return report
        }
        report.config = config
        for pattern in config.ruleFiles {
            let matches = expandGlob(pattern)
            if matches.isEmpty && !containsGlobMeta(pattern) && !syntaxOnly {
                report.errors.append("rule file \(quoted(pattern)) does not point to an existing file")
            }
            report.ruleFiles += matches
        }
        if syntaxOnly { return report }
        for ruleFile in report.ruleFiles {
            do {
                let rules = try RuleFile.load(path: ruleFile, validateExpression: validateExpression)
                report.ruleFileResults.append((ruleFile, .success(rules.ruleCount)))
            } catch {
                report.ruleFileResults.append((ruleFile, .failure(error)))
                report.errors.append(error.description)
            }
        }
        for (owner, file) in config.referencedFiles() where !FileManager.default.fileExists(atPath: file) {
            report.errors.append("\(owner): \(quoted(file)) does not point to an existing file")
        }
        return report
    }

    /// Every credential, certificate and kubeconfig file the config names, with where it is named
    /// (e.g. `scrape job "node"`). The server watches these for changes.
    public func referencedFiles() -> [(owner: String, file: String)] {
        var out: [(String, String)] = []
        func add(_ owner: String, _ h: HTTPClientConfig) {
            for f in h.files { out.append((owner, f)) }
        }
        for s in allScrapeConfigs {
            let owner = "scrape job \(quoted(s.jobName))"
            add(owner, s.httpClientConfig)
            for k in s.serviceDiscovery.kubernetesSDConfigs {
                add(owner, k.httpClientConfig)
                if let f = k.kubeconfigFile { out.append((owner, f)) }
            }
            for h in s.serviceDiscovery.httpSDConfigs { add(owner, h.httpClientConfig) }
        }
        for (i, am) in alerting.alertmanagers.enumerated() { add("alertmanagers[\(i)]", am.httpClientConfig) }
        for (i, w) in remoteWrite.enumerated() { add("remote_write[\(i)]", w.httpClientConfig) }
        for (i, r) in remoteRead.enumerated() { add("remote_read[\(i)]", r.httpClientConfig) }
        return out
    }
}

extension HTTPClientConfig {
    /// Files this client reads at request time (passwords, tokens, CA and client certificates).
    public var files: [String] {
        var out: [String] = []
        if let f = basicAuth?.usernameFile { out.append(f) }
        if let f = basicAuth?.passwordFile { out.append(f) }
        if let f = authorization?.credentialsFile { out.append(f) }
        if let f = oauth2?.clientSecretFile { out.append(f) }
        for tls in [tlsConfig, oauth2?.tlsConfig].compactMap({ $0 }) {
            out += [tls.caFile, tls.certFile, tls.keyFile].compactMap { $0 }
        }
        for header in httpHeaders.entries.keys.sorted() { out += httpHeaders.entries[header]!.files }
        return out
    }
}

func containsGlobMeta(_ p: String) -> Bool { p.contains { $0 == "*" || $0 == "?" || $0 == "[" } }
