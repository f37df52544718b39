import Foundation
import PromModel

/// GETs a server's HTTP API. The operator declares it and the executable implements it with its HTTP client
/// (the operator module does not depend on one).
package protocol ServerFetcher: Sendable {
    /// The body of a 2xx response to `GET url`, sent with `Authorization: Basic …` when `access` has credentials
    /// (servers with `spec.web.basicAuthUsers`), over TLS that accepts only `access.certificatePEM` when given;
    /// throws on transport errors and other statuses.
    func get(_ url: String, access: ServerAccess) async throws -> [UInt8]
}

/// How the operator reaches one Sextant's servers: its own basic-auth user, and the certificate the servers
/// present (`spec.web.tlsConfig.cert`), which it pins: servers are read by pod IP, which their certificates do
/// not name, so the certificate itself is the identity checked.
package struct ServerAccess: Sendable, Hashable {
    package var credentials: BasicCredentials?
    package var certificatePEM: String?

    package init(credentials: BasicCredentials? = nil, certificatePEM: String? = nil) {
        self.credentials = credentials
        self.certificatePEM = certificatePEM
    }
}

/// The hash that identifies a config text between the operator (which renders it) and the server (which
/// reports it as `# sextant-config-hash: …` atop `/api/v1/status/config`): 64-bit FNV-1a over the UTF-8
/// bytes as 16 lower-case hex digits. `Sources/sextant/Server/ConfigReloader.swift` computes the same value.
package enum ConfigHash {
    package static func of(_ text: String) -> String {
        var h = FNV1a()
        h.add(text)
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// One server the operator reads status from.
package struct ServerEndpoint: Hashable, Sendable {
    package var shard: Int
    /// Base URL, e.g. `http://10.1.2.3:9090`.
    package var url: String
    /// The pod name, or `override` for `--server-url-override`.
    package var pod: String

    package init(shard: Int, url: String, pod: String) {
        self.shard = shard
        self.url = url
        self.pod = pod
    }
}

/// What one server said about its config and targets.
package struct ServerReport: Sendable, Equatable {
    package struct Target: Sendable, Equatable {
        package var scrapePool: String
        package var health: String
        package var lastError: String
        package init(scrapePool: String, health: String, lastError: String = "") {
            self.scrapePool = scrapePool
            self.health = health
            self.lastError = lastError
        }
    }

    package var endpoint: ServerEndpoint
    /// nil when the server could not be read (then `error` says why).
    package var configHash: String?
    /// The server's last reload failure, when its last attempt failed.
    package var reloadError: String?
    package var active: [Target] = []
    /// Dropped targets per scrape pool.
    package var dropped: [String: Int] = [:]
    package var error: String?

    package init(endpoint: ServerEndpoint) { self.endpoint = endpoint }

    /// Reads `/api/v1/status/config` and `/api/v1/targets` (with `access`'s credentials and certificate); an
    /// unreachable server yields a report with `error`.
    package static func read(
        _ endpoint: ServerEndpoint, fetcher: any ServerFetcher, access: ServerAccess = ServerAccess()
    ) async -> ServerReport {
        var report = ServerReport(endpoint: endpoint)
        do {
            let config = try await fetcher.get(endpoint.url + "/api/v1/status/config", access: access)
            (report.configHash, report.reloadError) = try parseConfigHeader(config)
            let targets = try await fetcher.get(endpoint.url + "/api/v1/targets", access: access)
            (report.active, report.dropped) = try parseTargets(targets)
        } catch {
            report.error = "\(endpoint.url) (pod \(endpoint.pod)): \(error)"
        }
        return report
    }

    struct Envelope<T: Decodable>: Decodable {
        var status: String
        var data: T?
        var error: String?
    }

    /// The hash and last reload error from the comment lines heading the config YAML.
    package static func parseConfigHeader(_ body: [UInt8]) throws -> (hash: String?, reloadError: String?) {
        struct Config: Decodable { var yaml: String }
        let env = try JSONDecoder().decode(Envelope<Config>.self, from: Data(body))
        var hash: String?
        var reloadError: String?
        for line in (env.data?.yaml ?? "").split(separator: "\n") {
            guard line.hasPrefix("#") else { break }
            if let r = line.range(of: "# sextant-config-hash: ") {
                hash = line[r.upperBound...].split(separator: " ").first.map(String.init)
            } else if let r = line.range(of: "# sextant-last-reload-error: ") {
                reloadError = String(line[r.upperBound...])
            }
        }
        return (hash, reloadError)
    }

    /// Active targets and dropped counts per pool from a `/api/v1/targets` response.
    package static func parseTargets(_ body: [UInt8]) throws -> (active: [Target], dropped: [String: Int]) {
        struct Active: Decodable {
            var scrapePool: String
            var health: String
            var lastError: String?
        }
        struct Dropped: Decodable { var scrapePool: String? }
        struct Targets: Decodable {
            var activeTargets: [Active]?
            var droppedTargets: [Dropped]?
            var droppedTargetCounts: [String: Int]?
        }
        let env = try JSONDecoder().decode(Envelope<Targets>.self, from: Data(body))
        let t = env.data
        let active = (t?.activeTargets ?? []).map {
            Target(scrapePool: $0.scrapePool, health: $0.health, lastError: $0.lastError ?? "")
        }
        var dropped = t?.droppedTargetCounts ?? [:]
        if t?.droppedTargetCounts == nil {
            for d in t?.droppedTargets ?? [] { dropped[d.scrapePool ?? "", default: 0] += 1 }
        }
        return (active, dropped.filter { $0.value > 0 })
    }
}

/// Whether the servers run the config rendered for their shard: a pure verdict over the reports.
package enum ConfigAppliedCheck {
    package struct Verdict: Equatable, Sendable {
        /// nil = unknown (no server reachable, or still loading).
        package var applied: Bool?
        package var reason: String
        package var message: String?
    }

    /// `rendered` maps each shard to the `ConfigHash` of its rendered config.
    package static func evaluate(_ reports: [ServerReport], rendered: [Int: String]) -> Verdict {
        guard !reports.isEmpty else {
            return Verdict(applied: nil, reason: "NoServerRunning", message: "no server pod has an IP address yet")
        }
        var pending: [String] = []
        var refused: [String] = []
        var unreachable: [String] = []
        for r in reports.sorted(by: { ($0.endpoint.shard, $0.endpoint.pod) < ($1.endpoint.shard, $1.endpoint.pod) }) {
            if let error = r.error {
                unreachable.append(error)
            } else if r.configHash == rendered[r.endpoint.shard] {
                continue
            } else if let err = r.reloadError {
                refused.append("pod \(r.endpoint.pod) refused the config of shard \(r.endpoint.shard): \(err)")
            } else {
                pending.append("pod \(r.endpoint.pod) runs config \(r.configHash ?? "none"), shard \(r.endpoint.shard) rendered \(rendered[r.endpoint.shard] ?? "none")")
            }
        }
        if !refused.isEmpty {
            return Verdict(applied: false, reason: "ConfigRejected", message: refused.joined(separator: "; "))
        }
        if !pending.isEmpty || !unreachable.isEmpty {
            return Verdict(
                applied: nil, reason: unreachable.isEmpty ? "ConfigPending" : "ServerUnreachable",
                message: (pending + unreachable).joined(separator: "; "))
        }
        return Verdict(applied: true, reason: "ConfigLoaded", message: nil)
    }
}
