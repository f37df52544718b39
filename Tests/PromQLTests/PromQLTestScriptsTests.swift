import Foundation
import Testing
@testable import PromQL

/// Runs Prometheus's own promqltest scripts: every eval of every file must pass (native histograms
/// included), and the runner must read every eval in each file.
struct PromQLTestScriptsTests {
    static let dir = ProcessInfo.processInfo.environment["PROMQLTEST_DIR"] ?? "/work/shared/promqltest/testdata"

    static var files: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".test") }.sorted() ?? []
    }

    @Test func builtinScripts() async throws {
        guard !Self.files.isEmpty else {
            print("skipping promqltest scripts: \(Self.dir) is absent")
            return
        }
        let runner = ScriptRunner()
        var total = (0, 0)
        var lines: [String] = []
        for f in Self.files {
            let text = try String(contentsOfFile: Self.dir + "/" + f, encoding: .utf8)
            let report = await runner.run(script: text, name: f)
            let evals = text.split(separator: "\n").filter { $0.hasPrefix("eval") }.count
            #expect(report.passed + report.failed == max(evals, 1) || report.passed + report.failed == evals,
                    "\(f): counted \(report.passed + report.failed) of \(evals) evals")
            total.0 += report.passed
            total.1 += report.failed
            lines.append(report.summary)
            #expect(report.failed == 0, "\(report.summary)\n\(report.failures.joined(separator: "\n"))")
        }
        lines.append("total: \(total.0) passed, \(total.1) failed")
        print(lines.joined(separator: "\n"))
        #expect(total.0 > 0)
    }

    @Test func ownScripts() async throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: here.path))?.filter { $0.hasSuffix(".test") } ?? []
        #expect(!files.isEmpty)
        for f in files {
            let text = try String(contentsOf: here.appendingPathComponent(f), encoding: .utf8)
            let report = await ScriptRunner().run(script: text, name: f)
            #expect(report.failed == 0, "\(report.summary)\n\(report.failures.joined(separator: "\n"))")
            #expect(report.passed > 0)
        }
    }
}
