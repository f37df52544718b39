import Foundation
import Testing

/// Every `*.good.yml` must also pass the real `promtool check config` (Debian's `prometheus` package).
///
/// A fixture that uses a field newer than the installed promtool says so on a line
/// `# requires-prometheus: 2.49`; it is checked only when promtool is at least that version. A fixture that
/// the installed promtool cannot check at all says `# promtool: skip (reason)`.
struct PromtoolTests {
    static let promtool = "/usr/bin/promtool"

    static var installedVersion: [Int]? {
        guard FileManager.default.isExecutableFile(atPath: promtool),
            let out = try? run([promtool, "--version"]).output,
            let range = out.range(of: #"version (\d+)\.(\d+)"#, options: .regularExpression)
        else { return nil }
        return out[range].dropFirst("version ".count).split(separator: ".").compactMap { Int($0) }
    }

    static func requiredVersion(_ text: String) -> [Int]? {
        guard let range = text.range(of: #"# requires-prometheus: \d+\.\d+"#, options: .regularExpression) else {
            return nil
        }
        return text[range].split(separator: " ").last!.split(separator: ".").compactMap { Int($0) }
    }

    static func run(_ argv: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: installedVersion != nil), arguments: fixtures(suffix: ".good.yml"))
    func promtoolAcceptsGoodFixture(_ name: String) throws {
        let path = "\(fixturesDirectory)/\(name)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if text.contains("# promtool: skip") { return }
        if let required = Self.requiredVersion(text), let installed = Self.installedVersion,
            installed.lexicographicallyPrecedes(required)
        {
            return
        }
        // --syntax-only: fixtures name rule and credential files that do not exist on this machine.
        let result = try Self.run([Self.promtool, "check", "config", "--syntax-only", path])
        #expect(result.status == 0, "promtool rejects \(name):\n\(result.output)")
    }

    /// The other direction: what we reject, Prometheus rejects too, unless the fixture says why Sextant is
    /// stricter with a `# sextant-only: reason` line.
    @Test(.enabled(if: installedVersion != nil), arguments: fixtures(suffix: ".bad.yml"))
    func promtoolRejectsBadFixture(_ name: String) throws {
        let path = "\(fixturesDirectory)/\(name)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if text.contains("# sextant-only:") { return }
        let result = try Self.run([Self.promtool, "check", "config", "--syntax-only", path])
        #expect(result.status != 0, "promtool accepts \(name), which Sextant rejects:\n\(result.output)")
    }
}
