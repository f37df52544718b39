import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Operator

/// The operator's own endpoints: Prometheus text metrics and the probes Kubernetes calls.
///
/// `/readyz`: without leader election, ready once the informer caches have synced. With it, a standby
/// replica waiting for the lease is ready (it is healthy and will take over), and the leader is ready once
/// its caches have synced.
enum OperatorHTTP {
    static func application(address: String, controller: OperatorController, elector: LeaderElector?) throws
        -> some ApplicationProtocol
    {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("--metrics-address \"\(address)\" is not host:port")
        }
        let host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ -> String in
            if let elector, !elector.isLeader { return "ok (standby: waiting for the leader lease)\n" }
            guard controller.currentStats.ready else { throw HTTPError(.serviceUnavailable, message: "caches not synced\n") }
            return "ok\n"
        }
        router.get("/metrics") { _, _ in
            var stats = controller.currentStats
            stats.queueLength = await controller.queueDepth()
            return metrics(stats, leader: elector.map { $0.isLeader })
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host.isEmpty ? "0.0.0.0" : host, port: port), serverName: nil),
            logger: Logger(label: "operator.web"))
    }

    /// `leader`: nil without leader election (the process always reconciles).
    static func metrics(_ s: OperatorController.Stats, leader: Bool?) -> String {
        var out = """
            # HELP sextant_operator_syncs_total Reconciles of Sextant keys.
            # TYPE sextant_operator_syncs_total counter
            sextant_operator_syncs_total \(s.syncs)
            # HELP sextant_operator_sync_failures_total Reconciles that failed and were retried with backoff.
            # TYPE sextant_operator_sync_failures_total counter
            sextant_operator_sync_failures_total \(s.failures)
            # HELP sextant_operator_applies_total Reconciles that applied objects (input hash changed).
            # TYPE sextant_operator_applies_total counter
            sextant_operator_applies_total \(s.applies)
            # HELP sextant_operator_queue_length Keys waiting in the work queue.
            # TYPE sextant_operator_queue_length gauge
            sextant_operator_queue_length \(s.queueLength)
            # HELP sextant_operator_ready Whether the informer caches have synced.
            # TYPE sextant_operator_ready gauge
            sextant_operator_ready \(s.ready ? 1 : 0)
            # HELP sextant_operator_leader Whether this replica holds the leader lease (1 without leader election).
            # TYPE sextant_operator_leader gauge
            sextant_operator_leader \(leader ?? true ? 1 : 0)
            # HELP sextant_operator_sync_duration_seconds Time taken by reconciles.
            # TYPE sextant_operator_sync_duration_seconds histogram

            """
        var cumulative = 0
        for (i, bound) in OperatorController.Stats.durationBounds.enumerated() {
            cumulative += s.durationCounts[i]
            out += "sextant_operator_sync_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        cumulative += s.durationCounts.last ?? 0
        out += "sextant_operator_sync_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
        out += "sextant_operator_sync_duration_seconds_sum \(s.durationSum)\n"
        out += "sextant_operator_sync_duration_seconds_count \(cumulative)\n"

        out += "# HELP sextant_operator_sextants Sextant resources by the outcome of their last reconcile.\n"
        out += "# TYPE sextant_operator_sextants gauge\n"
        var byState: [String: Int] = [:]
        for state in ["applied", "unchanged", "paused", "invalid", "failed"] { byState[state] = 0 }
        for (_, state) in s.sextantStates { byState[state, default: 0] += 1 }
        for (state, n) in byState.sorted(by: { $0.key < $1.key }) {
            out += "sextant_operator_sextants{state=\"\(state)\"} \(n)\n"
        }
        out += "# HELP sextant_operator_monitors Monitors and rules considered by Sextants, by whether they were accepted.\n"
        out += "# TYPE sextant_operator_monitors gauge\n"
        let selected = s.monitorCounts.values.reduce(0) { $0 + $1.selected }
        let rejected = s.monitorCounts.values.reduce(0) { $0 + $1.rejected }
        out += "sextant_operator_monitors{state=\"accepted\"} \(selected)\n"
        out += "sextant_operator_monitors{state=\"rejected\"} \(rejected)\n"
        return out
    }
}
