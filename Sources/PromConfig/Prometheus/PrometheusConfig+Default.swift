extension PrometheusConfig {
    /// The config the server runs with when no `--config.file` is given: scrape itself every 15 s.
    public static let defaultYAML = """
        # Sextant's built-in configuration (used when --config.file is not given).
        global:
          scrape_interval: 15s
          evaluation_interval: 15s

        scrape_configs:
          - job_name: sextant
            static_configs:
              - targets: ["localhost:9090"]

        """

    /// `defaultYAML` parsed; it is covered by tests, so loading cannot fail.
    public static var defaultConfig: PrometheusConfig {
        try! parse(yaml: defaultYAML, filename: "<built-in default>", environment: [:])
    }

    /// The config printed as YAML. Secrets print as `<secret>` unless `revealSecrets` is true.
    public func yaml(revealSecrets: Bool = false) throws -> String {
        let encoder = YAMLEncoder()
        return try encoder.encode(self, userInfo: [.revealSecrets: revealSecrets])
    }
}

import Yams
