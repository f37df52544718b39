import ArgumentParser
import Foundation
import PromConfig
import PromQL

/// `sextant check …`: promtool's `check config` and `check rules`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check configuration and rule files.",
        subcommands: [CheckConfigCommand.self, CheckRulesCommand.self])
}

/// PromQL validation for rule expressions, through the real parser; experimental functions are accepted
/// because a server may enable them and the check should not refuse what the server would load.
let promQLValidator: RuleFile.ExpressionValidator = { expr in
    do {
        _ = try parseExpr(expr, options: ParserOptions(enableExperimentalFunctions: true))
        return nil
    } catch {
        return "\(error)"
    }
}

/// Exit codes as promtool uses them: 0 all good, 1 a file failed.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check that configuration files are valid; rule files they name are checked too.")

    @Flag(name: .customLong("syntax-only"), help: "Only check the config syntax, not the files it references.")
    var syntaxOnly = false

    @Argument(help: "Configuration files.")
    var files: [String]

    func run() throws {
        var failed = false
        for (i, file) in files.enumerated() {
            let report = PrometheusConfig.check(path: file, syntaxOnly: syntaxOnly, validateExpression: promQLValidator)
            if i > 0 { print("") }
            if report.isValid {
                print(report.text, terminator: "")
            } else {
                failed = true
                printError(report.text)
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct CheckRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check that rule files are valid, including every PromQL expression.")

    @Argument(help: "Rule files.")
    var files: [String]

    func run() throws {
        var failed = false
        for (i, file) in files.enumerated() {
            if i > 0 { print("") }
            do {
                let rules = try RuleFile.load(path: file, validateExpression: promQLValidator)
                print("Checking \(file)\n  SUCCESS: \(rules.ruleCount) rules found")
            } catch {
                failed = true
                printError("Checking \(file)\n  FAILED:\n\(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
