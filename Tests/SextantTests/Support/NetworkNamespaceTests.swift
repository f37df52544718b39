import Foundation
import Testing
import TestSupport

/// The network namespace helper that kubernetes_sd and operator end-to-end tests rely on: a real
/// node_exporter inside it is reachable from the host on a non-loopback address, and removal cleans up.
@Suite struct NetworkNamespaceTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    @Test func exporterInsideIsReachableFromHostAndRemovalCleansUp() async throws {
        if let reason = NetworkNamespace.unavailableReason {
            print("skipping: \(reason)")
            return
        }
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let ns = try NetworkNamespace.create()
        let listen = "\(ns.insideAddress):9100"
        let exporter = try await ns.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=\(listen)", "--collector.disable-defaults", "--collector.cpu"],
            readiness: .tcpPort(host: ns.insideAddress, port: 9100))
        let response = try await TestHTTP.get("http://\(listen)/metrics")
        #expect(response.status == 200)
        #expect(response.body.contains("node_cpu_seconds_total"))
        #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(ns.hostInterface)"))
        exporter.stop()
        ns.remove()
        #expect(!FileManager.default.fileExists(atPath: "/var/run/netns/\(ns.name)"))
        #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(ns.hostInterface)"))
    }
}
