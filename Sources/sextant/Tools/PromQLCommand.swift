import ArgumentParser
import Foundation
import PromQL

/// `sextant promql …`: PromQL tools (promtool's `test`-script runner and `promql format`).
struct PromQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "PromQL tools: run promqltest scripts, format expressions.",
        subcommands: [PromQLTestCommand.self, PromQLFormatCommand.self])
}

/// Runs promqltest scripts (`load`/`eval`/`clear`) against the engine over in-memory storage.
struct PromQLTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run promqltest scripts; exits 1 if any eval failed.")

    @Argument(help: "promqltest script files.")
    var files: [String]

    func run() async throws {
        let runner = ScriptRunner()
        var passed = 0
        var failed = 0
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                // An unreadable file counts as one failure, so a typo in a path is not a silent pass.
                failed += 1
                print("FAIL \(file): cannot read file: \(error.localizedDescription)")
                continue
            }
            let report = await runner.run(script: text, name: file)
            passed += report.passed
            failed += report.failed
            print("\(report.failed == 0 ? "PASS" : "FAIL") \(report.summary)")
            for f in report.failures { print("  " + f.replacingOccurrences(of: "\n", with: "\n  ")) }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Prints an expression in canonical form (Prometheus's `promtool promql format`).
struct PromQLFormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Print a PromQL expression in canonical form.")

    @Argument(help: "The PromQL expression.")
    var expression: String

    @Flag(name: .customLong("experimental"), help: "Accept experimental functions.")
    var experimental = false

    func run() throws {
        do {
            let expr = try parseExpr(expression, options: ParserOptions(enableExperimentalFunctions: experimental))
            print(expr.description)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}
