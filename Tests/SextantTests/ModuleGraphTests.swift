import Foundation
import Testing

/// The module map of ARCHITECTURE.md: which project modules each target may import. Nothing imports upward.
let allowedImports: [String: Set<String>] = [
    "PromModel": [],
    "Exposition": ["PromModel"],
    "PromConfig": ["PromModel", "Yams"],
    "Storage": ["PromModel"],
    "HTTPClient": ["CCurl"],
    // CCRC32C: the hardware CRC-32C instruction, which Swift cannot reach without C. CSnappy: libsnappy, for
    // compressed WAL records as Prometheus writes them.
    "TSDB": ["PromModel", "Storage", "CCRC32C", "CSnappy"],
    "PromQL": ["PromModel", "Storage"],
    // Yams: kubeconfig files are YAML (allowed by the lead for kubeconfig parsing only).
    "KubeClient": ["HTTPClient", "PromModel", "Yams"],
    "Remote": ["PromModel", "Storage", "HTTPClient", "SwiftProtobuf", "CSnappy"],
    "Discovery": ["PromModel", "PromConfig", "HTTPClient", "KubeClient"],
    "Scrape": ["PromModel", "PromConfig", "Storage", "HTTPClient", "Exposition"],
    "Rules": ["PromModel", "PromConfig", "Storage", "PromQL", "HTTPClient"],
    "HTTPAPI": ["PromModel", "Storage", "PromQL", "Exposition", "Remote", "Hummingbird", "HummingbirdCore"],
    // Yams until PromConfig exports a YAML writer (ARCHITECTURE.md allows PromConfig, which wraps Yams).
    "Operator": ["PromModel", "PromConfig", "KubeClient", "Yams"],
]

/// Modules any target may use: the platform, logging, metrics, collections and locks.
let crossCutting: Set<String> = [
    "Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Logging",
    "Metrics", "CoreMetrics", "Collections", "DequeModule", "OrderedCollections", "HeapModule", "_Concurrency",
]

/// The project's own modules: an import of one of these outside the allowed set is an upward edge.
let projectModules: Set<String> = Set(allowedImports.keys).union(["CCurl", "CSnappy", "CCRC32C", "sextant", "TestSupport"])

struct ModuleGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `import` in every source file of a library target is allowed by the module map.
    @Test func sourceImportsFollowTheModuleMap() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        var violations: [String] = []
        var checked = 0
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            guard let allowed = allowedImports[target] else { continue }
            let dir = sources.appendingPathComponent(target)
            let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                for module in Self.imports(in: text) {
                    checked += 1
                    if allowed.contains(module) || crossCutting.contains(module) { continue }
                    violations.append("\(target)/\(file) imports \(module)")
                }
            }
        }
        #expect(checked > 0)
        #expect(violations == [])
    }

    /// The declared target dependencies in Package.swift follow the same map (what SwiftPM would let compile).
    @Test func declaredDependenciesFollowTheModuleMap() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A scratch path of its own: `swift test` holds the lock on `.build` while this runs.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        p.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package", "--package-path", Self.root.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let targets = try #require(json["targets"] as? [[String: Any]])
        var violations: [String] = []
        for t in targets {
            guard let name = t["name"] as? String, let allowed = allowedImports[name] else { continue }
            for dep in (t["dependencies"] as? [[String: Any]]) ?? [] {
                let depName: String? =
                    ((dep["byName"] as? [Any])?.first as? String) ?? ((dep["target"] as? [Any])?.first as? String)
                    ?? ((dep["product"] as? [Any])?.first as? String)
                guard let depName else { continue }
                if projectModules.contains(depName), !allowed.contains(depName) {
                    violations.append("\(name) depends on \(depName)")
                }
            }
        }
        #expect(violations == [])
    }

    static func imports(in text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            while let w = words.first, ["public", "package", "internal", "private", "fileprivate", "@testable", "@_exported", "@preconcurrency"].contains(w) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            var module = words[1]
            if ["struct", "class", "enum", "func", "protocol", "var", "let", "typealias"].contains(module), words.count >= 3 {
                module = words[2]
            }
            result.append(String(module.split(separator: ".").first ?? ""))
        }
        return result
    }
}
