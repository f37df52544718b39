import Foundation
import TestSupport
import Yams

/// Runs `promtool check config` on a rendered config. Asset files are referenced under
/// `/etc/sextant/secrets`; they are recreated (empty) in a temporary directory so promtool's file checks pass.
enum Promtool {
    static func checkConfig(_ config: String, promtool: String) throws -> (Int32, String) {
        try check("config", config, promtool: promtool)
    }

    /// `promtool check <what>` (config, web-config) with asset files recreated.
    static func check(_ what: String, _ config: String, promtool: String) throws -> (Int32, String) {
        let dir = try TemporaryDirectory(prefix: "operator-promtool")
        defer { dir.remove() }
        let assets = dir.file("secrets")
        try FileManager.default.createDirectory(atPath: assets, withIntermediateDirectories: true)
        var text = config.replacingOccurrences(of: "/etc/sextant/secrets", with: assets)
        if what == "config", !(try supportsKubernetesSD(promtool: promtool, dir: dir)) {
            text = try withoutKubernetesSD(text)
        }
        if what == "config", !(try supportsUsernameFile(promtool: promtool, dir: dir)) {
            // promtool before 2.45 lacks `username_file`; an inline name checks the rest of the block.
            text = text.replacingOccurrences(
                of: #"(?m)^(\s*)username_file: .*$"#, with: "$1username: check-only", options: .regularExpression)
        }
        // promtool check web-config loads the key pair, so certificate files need real PEM content.
        let pem = what == "web-config" ? try selfSignedPEM(dir) : nil
        for line in text.split(separator: "\n") where line.contains(assets) {
            let path = String(line[line.range(of: assets)!.lowerBound...])
            let content = path.hasSuffix(".key") ? pem?.key : pem?.cert
            _ = FileManager.default.createFile(atPath: path, contents: Data((content ?? "x").utf8))
        }
        return try run(promtool, ["check", what], text, in: dir)
    }

    static func run(_ promtool: String, _ args: [String], _ text: String, in dir: TemporaryDirectory) throws
        -> (Int32, String)
    {
        let file = dir.file("prometheus.yml")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: promtool)
        p.arguments = args + [file]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}

extension Promtool {
    /// Debian's promtool is built without Kubernetes service discovery ("field kubernetes_sd_configs not
    /// found"). Probe for it rather than assume.
    static func supportsKubernetesSD(promtool: String, dir: TemporaryDirectory) throws -> Bool {
        let probe = "scrape_configs:\n- job_name: probe\n  kubernetes_sd_configs:\n  - role: pod\n"
        return try run(promtool, ["check", "config"], probe, in: dir).0 == 0
    }

    static func supportsUsernameFile(promtool: String, dir: TemporaryDirectory) throws -> Bool {
        let probe = "scrape_configs:\n- job_name: probe\n  basic_auth:\n    username_file: /dev/null\n"
        return try run(promtool, ["check", "config"], probe, in: dir).0 == 0
    }

    /// Replaces each `kubernetes_sd_configs` with an empty static config, so promtool still checks everything
    /// else (relabeling, TLS, auth, limits). Our own tests check the SD blocks.
    static func withoutKubernetesSD(_ text: String) throws -> String {
        guard var root = try Yams.load(yaml: text) as? [String: Any] else { return text }
        func strip(_ list: Any?) -> [[String: Any]]? {
            (list as? [[String: Any]])?.map { job in
                var job = job
                if job.removeValue(forKey: "kubernetes_sd_configs") != nil {
                    job["static_configs"] = [["targets": [String]()]]
                }
                return job
            }
        }
        root["scrape_configs"] = strip(root["scrape_configs"]) ?? root["scrape_configs"]
        if var alerting = root["alerting"] as? [String: Any] {
            alerting["alertmanagers"] = strip(alerting["alertmanagers"]) ?? alerting["alertmanagers"]
            root["alerting"] = alerting
        }
        return try Yams.dump(object: root)
    }
}

extension Promtool {
    /// A throwaway self-signed certificate and key from the `openssl` command.
    static func selfSignedPEM(_ dir: TemporaryDirectory) throws -> (cert: String, key: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=sextant-test", "-keyout", dir.file("k.pem"), "-out", dir.file("c.pem"),
        ]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return (
            try String(contentsOfFile: dir.file("c.pem"), encoding: .utf8),
            try String(contentsOfFile: dir.file("k.pem"), encoding: .utf8)
        )
    }
}
