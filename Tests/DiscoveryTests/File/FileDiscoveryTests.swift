import Foundation
import Logging
import PromConfig
import PromModel
import TestSupport
import Testing

@testable import Discovery

struct FileDiscoveryTests {
    let logger = Logger(label: "test")

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test(arguments: [
        ("targets.json", #"[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]"#),
        ("targets.yml", "- targets: ['a:1', 'b:2']\n  labels:\n    env: prod\n- targets: ['c:3']\n"),
    ])
    func readsJSONAndYAMLWithFilepathLabel(name: String, content: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file(name)
        try write(content, to: path)
        let d = FileDiscovery(config: FileSDConfig(files: [dir.file("*.json"), dir.file("*.yml")]), logger: logger)
        var state: [String: FileDiscovery.FileState] = [:]
        let groups = d.poll(&state, fullRead: false)
        #expect(groups.map(\.source) == ["\(path):0", "\(path):1"])
        #expect(groups[0].targets.map { $0.get(LabelName.address) } == ["a:1", "b:2"])
        #expect(groups[0].labels == Labels(["env": "prod", "__meta_filepath": path]))
        #expect(groups[1].labels == Labels(["__meta_filepath": path]))
        // Nothing changed: nothing to report.
        #expect(d.poll(&state, fullRead: true).isEmpty)
    }

    @Test func brokenFileKeepsItsTargetsUntilFixed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.json")
        try write(#"[{"targets": ["a:1"]}, {"targets": ["b:2"]}]"#, to: path)
        let d = FileDiscovery(config: FileSDConfig(files: [path]), logger: logger)
        var state: [String: FileDiscovery.FileState] = [:]
        let view = GroupView()
        view.apply(d.poll(&state, fullRead: false))
        #expect(view.addresses == ["a:1", "b:2"])

        try write(#"[{"targets": ["a:1"]}, {"targets": "#, to: path)
        view.apply(d.poll(&state, fullRead: false))
        #expect(view.addresses == ["a:1", "b:2"])

        // Fixed with one group fewer: the second group's source is removed.
        try write(#"[{"targets": ["z:9"]}]"#, to: path)
        let update = d.poll(&state, fullRead: false)
        view.apply(update)
        #expect(view.addresses == ["z:9"])
        #expect(update.contains { $0.source == "\(path):1" && $0.targets.isEmpty })
    }

    @Test func removedFileRemovesItsGroups() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try write(#"[{"targets": ["a:1"]}]"#, to: dir.file("a.json"))
        try write(#"[{"targets": ["b:1"]}]"#, to: dir.file("b.json"))
        let d = FileDiscovery(config: FileSDConfig(files: [dir.file("*.json")]), logger: logger)
        var state: [String: FileDiscovery.FileState] = [:]
        let view = GroupView()
        view.apply(d.poll(&state, fullRead: false))
        #expect(view.addresses == ["a:1", "b:1"])
        try FileManager.default.removeItem(atPath: dir.file("a.json"))
        view.apply(d.poll(&state, fullRead: false))
        #expect(view.addresses == ["b:1"])
    }

    /// The running provider picks up a rewrite by itself.
    @Test func runPicksUpChanges() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.yaml")
        try write("- targets: ['a:1']\n", to: path)
        let d = FileDiscovery(config: FileSDConfig(files: [path]), pollInterval: .milliseconds(50), logger: logger)
        let view = GroupView()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await d.run { view.apply($0) } }
            let first = try await TestHTTP.eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                view.addresses == ["a:1"] ? true : nil
            }
            #expect(first == true)
            try write("- targets: ['a:1', 'new-target:2']\n  labels: {x: y}\n", to: path)
            let second = try await TestHTTP.eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                view.addresses == ["a:1", "new-target:2"] ? true : nil
            }
            #expect(second == true)
            #expect(view.labels(of: "a:1")?.get("x") == "y")
            group.cancelAll()
        }
    }
}
