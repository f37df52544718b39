import Foundation
import Testing

/// Golden-file comparison: the committed file must equal what the code renders now.
/// `UPDATE_GOLDEN=1 swift test --filter OperatorTests` rewrites the files instead.
enum Golden {
    static let testsDir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the file at `path` (relative to the repository root).
    static func check(_ actual: String, repoPath path: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = repoRoot.appendingPathComponent(path)
        if updating {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(
            expected != nil, "missing golden file \(path); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        guard let expected else { return }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            let want = line < e.count ? String(e[line]) : "<eof>"
            let got = line < a.count ? String(a[line]) : "<eof>"
            Issue.record(
                "\(path) differs at line \(line + 1): expected \(want.debugDescription), got \(got.debugDescription)",
                sourceLocation: sourceLocation)
        }
    }

    static func golden(_ name: String) -> String { "Tests/OperatorTests/Golden/\(name)" }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: testsDir.appendingPathComponent("Fixtures/\(name)"), encoding: .utf8)
    }
}
