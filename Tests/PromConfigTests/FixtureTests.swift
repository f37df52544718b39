import Foundation
import PromConfig
import Testing

/// The fixtures directory next to this file.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

func fixtures(suffix: String, in subdirectory: String? = nil) -> [String] {
    let dir = subdirectory.map { "\(fixturesDirectory)/\($0)" } ?? fixturesDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted()
}

struct FixtureTests {
    @Test(arguments: fixtures(suffix: ".good.yml"))
    func goodFixtureLoads(_ name: String) throws {
        do {
            _ = try PrometheusConfig.load(path: "\(fixturesDirectory)/\(name)")
        } catch {
            Issue.record("\(name) should load: \(error)")
        }
    }

    @Test(arguments: fixtures(suffix: ".bad.yml"))
    func badFixtureFailsWithItsExactMessage(_ name: String) throws {
        let text = try String(contentsOfFile: "\(fixturesDirectory)/\(name)", encoding: .utf8)
        let expected = try #require(BadFixtures.messages[name], "add \(name) to BadFixtures.messages")
        do {
            _ = try PrometheusConfig.parse(yaml: text, filename: name, directory: fixturesDirectory, environment: [:])
            Issue.record("\(name) loaded but should fail with: \(expected)")
        } catch {
            // Included files are named by full path; the table is written relative to the fixtures.
            #expect(error.description.replacingOccurrences(of: fixturesDirectory + "/", with: "") == expected)
        }
    }

    @Test func everyTableEntryHasAFixture() {
        let files = Set(fixtures(suffix: ".bad.yml"))
        for name in BadFixtures.messages.keys { #expect(files.contains(name), "missing fixture \(name)") }
    }
}
