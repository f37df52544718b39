import ArgumentParser
import PromModel

@main
struct Sextant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sextant",
        abstract: "A Prometheus-compatible monitoring server and Kubernetes operator.",
        version: BuildInfo.version,
        subcommands: [ServerCommand.self, OperatorCommand.self, PromQLCommand.self, CheckCommand.self, TSDBCommand.self],
        defaultSubcommand: ServerCommand.self)
}
