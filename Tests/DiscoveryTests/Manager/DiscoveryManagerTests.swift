import Foundation
import HTTPClient
import Logging
import PromConfig
import PromModel
import Synchronization
import TestSupport
import Testing

@testable import Discovery

/// The manager's view per job, as the scrape manager would keep it.
final class JobViews: Sendable {
    private let views = Mutex<[String: GroupView]>([:])
    func apply(_ job: String, _ groups: [TargetGroup]) {
        let v = views.withLock { v in
            if let existing = v[job] { return existing }
            let n = GroupView()
            v[job] = n
            return n
        }
        v.apply(groups)
    }
    func addresses(_ job: String) -> [String] { views.withLock { $0[job] }?.addresses ?? [] }
    func sources(_ job: String) -> [String] { views.withLock { $0[job] }?.sources ?? [] }
}

struct DiscoveryManagerTests {
    let logger = Logger(label: "test")

    @Test func namespacesSourcesAndRestartsOnlyChangedJobs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.file("f.json")
        try #"[{"targets": ["file:1"]}]"#.write(toFile: file, atomically: true, encoding: .utf8)
        let client = try HTTPClient(logger: logger)
        defer { client.shutdown() }
        let manager = DiscoveryManager(http: client, logger: logger, filePollInterval: .milliseconds(50))
        var a = ServiceDiscoveryConfigs()
        a.staticConfigs = [StaticConfig(targets: ["static:1"])]
        a.fileSDConfigs = [FileSDConfig(files: [file])]
        var b = ServiceDiscoveryConfigs()
        b.staticConfigs = [StaticConfig(targets: ["b:1"])]
        manager.apply(jobs: [("a", a), ("b", b)])
        let views = JobViews()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run { views.apply($0, $1) } }
            let ok = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(20)) {
                views.addresses("a") == ["file:1", "static:1"] && views.addresses("b") == ["b:1"] ? true : nil
            }
            #expect(ok == true)
            #expect(views.sources("a") == ["file/0/\(file):0", "static/0"])

            // Job a loses its file_sd entry and changes its static target; job b is untouched.
            var a2 = ServiceDiscoveryConfigs()
            a2.staticConfigs = [StaticConfig(targets: ["static:2"])]
            manager.apply(jobs: [("a", a2), ("b", b)])
            let ok2 = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(20)) {
                views.addresses("a") == ["static:2"] ? true : nil
            }
            #expect(ok2 == true)
            #expect(views.addresses("b") == ["b:1"])
            group.cancelAll()
        }
    }

    /// A provider restarted by a reload drops the groups its previous incarnation reported and it does not.
    @Test func restartedProviderDropsGroupsItNoLongerReports() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"[{"targets": ["old:1"]}]"#.write(toFile: dir.file("old.json"), atomically: true, encoding: .utf8)
        try #"[{"targets": ["new:1"]}]"#.write(toFile: dir.file("new.json"), atomically: true, encoding: .utf8)
        let client = try HTTPClient(logger: logger)
        defer { client.shutdown() }
        let manager = DiscoveryManager(http: client, logger: logger, filePollInterval: .milliseconds(50))
        var d = ServiceDiscoveryConfigs()
        d.fileSDConfigs = [FileSDConfig(files: [dir.file("old.json")])]
        manager.apply(jobs: [("j", d)])
        let views = JobViews()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run { views.apply($0, $1) } }
            let ok = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(20)) {
                views.addresses("j") == ["old:1"] ? true : nil
            }
            #expect(ok == true)
            d.fileSDConfigs = [FileSDConfig(files: [dir.file("new.json")])]
            manager.apply(jobs: [("j", d)])
            let ok2 = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(20)) {
                views.addresses("j") == ["new:1"] ? true : nil
            }
            #expect(ok2 == true, "addresses: \(views.addresses("j"))")
            group.cancelAll()
        }
    }
}
