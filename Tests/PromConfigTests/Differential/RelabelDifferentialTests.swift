import Foundation
import PromConfig
import PromModel
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs the same relabel rules through the real `prometheus` binary and through Sextant, and compares the
/// resulting target labels (and which targets were dropped).
///
struct RelabelDifferentialTests {
    static let prometheus = "/usr/bin/prometheus"

    struct Target: Decodable {
        var discoveredLabels: [String: String]
        var labels: [String: String]?
    }
    struct TargetsData: Decodable {
        var activeTargets: [Target]
        var droppedTargets: [Target]
    }
    struct Response: Decodable {
        var data: TargetsData
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: prometheus)))
    func sameLabelsAsPrometheus() async throws {
        let configPath = "\(fixturesDirectory)/differential/relabel.yml"
        let config = try PrometheusConfig.load(path: configPath)
        let job = try #require(config.scrapeConfigs.first)
        let targetCount = job.staticConfigs.reduce(0) { $0 + $1.targets.count }

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let port = try freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.prometheus)
        process.arguments = [
            "--config.file=\(configPath)", "--storage.tsdb.path=\(dir.file("data"))",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        let data = try await waitForTargets(port: port, count: targetCount)
        #expect(data.activeTargets.count + data.droppedTargets.count == targetCount)
        #expect(!data.activeTargets.isEmpty && !data.droppedTargets.isEmpty, "the rules should both keep and drop")

        // Prometheus 2.42's `discoveredLabels` can show labels written during relabeling (its builder reuses
        // the buffer), so our input is built from the config the way Prometheus builds it before relabeling.
        var ourActive: [Labels] = []
        var ourDropped: [String] = []
        for group in job.staticConfigs {
            for address in group.targets {
                var b = group.labels.builder()
                b.set(LabelName.address, address)
                b.set(LabelName.job, job.jobName)
                b.set(LabelName.scheme, job.scheme)
                b.set(LabelName.metricsPath, job.metricsPath)
                b.set(LabelName.scrapeInterval, job.scrapeInterval.description)
                b.set(LabelName.scrapeTimeout, job.scrapeTimeout.description)
                if let out = relabel(b.labels(), job.relabelConfigs) {
                    ourActive.append(finalTargetLabels(out))
                } else {
                    ourDropped.append(address)
                }
            }
        }
        let theirActive = data.activeTargets.compactMap { $0.labels.map { Labels($0) } }
        #expect(ourActive.sorted() == theirActive.sorted())
        #expect(ourDropped.sorted() == data.droppedTargets.map { $0.discoveredLabels[LabelName.address] ?? "" }.sorted())
    }

    /// What Prometheus shows as a target's labels: `instance` defaults to the address, `__` labels go.
    func finalTargetLabels(_ l: Labels) -> Labels {
        var b = l.builder()
        if b.get(LabelName.instance).isEmpty { b.set(LabelName.instance, l.get(LabelName.address)) }
        b.filter { !$0.name.hasPrefix("__") }
        return b.labels()
    }

    /// Polls `/api/v1/targets` until every static target shows up (discovery runs asynchronously at start).
    func waitForTargets(port: Int, count: Int) async throws -> TargetsData {
        let url = URL(string: "http://127.0.0.1:\(port)/api/v1/targets?state=any")!
        var lastError: (any Error)?
        for _ in 0..<600 {
            do {
                let (body, _) = try await URLSession.shared.data(from: url)
                let data = try JSONDecoder().decode(Response.self, from: body).data
                if data.activeTargets.count + data.droppedTargets.count >= count { return data }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DifferentialError(message: "prometheus did not report \(count) targets: \(String(describing: lastError))")
    }
}

struct DifferentialError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw DifferentialError(message: "socket failed") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
    }
    guard bound == 0 else { throw DifferentialError(message: "bind failed") }
    let named = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    guard named == 0 else { throw DifferentialError(message: "getsockname failed") }
    return Int(UInt16(bigEndian: addr.sin_port))
}
