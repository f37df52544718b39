import Foundation
package import KubeClient
package import Logging
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, with client-go's timing: a lease lasts
/// `leaseDuration` (15 s), the leader renews every `retryPeriod` (2 s) and gives up leading when it could not
/// renew for `renewDeadline` (10 s); candidates retry every `retryPeriod`. Writes are conditional on the
/// resourceVersion read, so two candidates can never both win one round.
package final class LeaderElector: Sendable {
    package struct Config: Sendable {
        package var namespace: String
        package var name: String
        package var identity: String
        package var leaseDuration: Duration = .seconds(15)
        package var renewDeadline: Duration = .seconds(10)
        package var retryPeriod: Duration = .seconds(2)

        package init(namespace: String, name: String, identity: String) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
        }

        /// `hostname_random`, unique per process as client-go recommends.
        package static func defaultIdentity() -> String {
            "\(ProcessInfo.processInfo.hostName)_\(UUID().uuidString.lowercased())"
        }
    }

    /// Leadership was lost (not renewed within the deadline, or taken over): the process should exit, as
    /// controller-runtime's managers do, so that it restarts with clean state.
    package struct LostLeadership: Error, CustomStringConvertible {
        package var description: String
    }

    static let resource = APIResource(
        group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true)

    private struct State {
        var leading = false
        /// The record last read and the local time it was first seen, for expiry without trusting clocks.
        var observed: LeaseRecord?
        var observedAt = ContinuousClock.now
        var lastRenew: ContinuousClock.Instant?
    }

    let client: KubeClient
    package let config: Config
    let logger: Logger
    private let state = Mutex(State())

    package init(client: KubeClient, config: Config, logger: Logger) {
        self.client = client
        self.config = config
        self.logger = logger
    }

    package var isLeader: Bool { state.withLock { $0.leading } }

    /// Waits to acquire the lease, then runs `lead` while renewing it. Returns when the calling task is
    /// cancelled (releasing the lease if held); throws `LostLeadership` when renewals fail past the deadline.
    package func run(lead: @escaping @Sendable () async -> Void) async throws {
        logger.info("waiting for the leader lease", metadata: ["lease": "\(config.namespace)/\(config.name)", "identity": "\(config.identity)"])
        while !Task.isCancelled {
            if await tryAcquireOrRenew() { break }
            try? await Task.sleep(for: config.retryPeriod)
        }
        guard !Task.isCancelled else { return }
        state.withLock {
            $0.leading = true
            $0.lastRenew = .now
        }
        logger.info("became leader", metadata: ["lease": "\(config.namespace)/\(config.name)", "identity": "\(config.identity)"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await lead() }
                group.addTask { try await self.renewUntilLost() }
                // The first to end decides: renewal failure throws; `lead` returning or cancellation ends both.
                try await group.next()
                group.cancelAll()
            }
        } catch {
            state.withLock { $0.leading = false }
            throw error
        }
        state.withLock { $0.leading = false }
        // Cancelled (shutdown): hand the lease over now. A fresh task, because this one is cancelled and the
        // HTTP client would abort its request.
        await Task { await self.release() }.value
    }

    private func renewUntilLost() async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: config.retryPeriod)
            if Task.isCancelled { return }
            if await tryAcquireOrRenew() {
                state.withLock { $0.lastRenew = .now }
                continue
            }
            let last = state.withLock { $0.lastRenew } ?? .now
            if ContinuousClock.now - last > config.renewDeadline {
                throw LostLeadership(description: "leader election lost: lease \(config.namespace)/\(config.name) not renewed within \(config.renewDeadline)")
            }
        }
    }

    /// One round: read the lease and create, take over or renew it when allowed. True when this candidate
    /// holds the lease afterwards.
    func tryAcquireOrRenew() async -> Bool {
        let now = LeaseRecord.microTime(Date())
        do {
            guard let existing = try await readLease() else {
                guard case .write(let record) = decide(nil, now: now) else { return false }
                let object = try WireConvert.convert(
                    LeaseBody(
                        apiVersion: Self.resource.apiVersion, metadata: .init(name: config.name, namespace: config.namespace),
                        spec: record),
                    to: DynamicObject.self)
                _ = try await client.create(object, in: Self.resource, namespace: config.namespace)
                observe(record)
                return true
            }
            let record = try existing.fields["spec"].map { try WireConvert.convert($0, to: LeaseRecord.self) } ?? LeaseRecord()
            switch decide(record, now: now) {
            case .wait(let holder):
                logger.debug("lease held by another candidate", metadata: ["holder": "\(holder)"])
                return false
            case .write(let next):
                var object = existing
                try Self.setSpec(next, on: &object)
                _ = try await client.update(object, in: Self.resource)
                observe(next)
                return true
            }
        } catch {
            // A conflict means another candidate wrote first; anything else is retried the same way.
            logger.debug("lease round failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// The lease, or nil when it does not exist.
    private func readLease() async throws(KubeError) -> DynamicObject? {
        do {
            return try await client.get(DynamicObject.self, in: Self.resource, namespace: config.namespace, name: config.name)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }

    private func decide(_ record: LeaseRecord?, now: String) -> LeaseDecision {
        let since = state.withLock { s -> Duration in
            if s.observed != record {
                s.observed = record
                s.observedAt = .now
            }
            return ContinuousClock.now - s.observedAt
        }
        return LeaseDecision.decide(
            current: record, sinceObservedChange: since, identity: config.identity,
            leaseDuration: config.leaseDuration, now: now)
    }

    private func observe(_ record: LeaseRecord) {
        state.withLock {
            $0.observed = record
            $0.observedAt = .now
        }
    }

    /// Clears the holder if this candidate still holds the lease.
    func release() async {
        do {
            guard let existing = try await readLease() else { return }
            let record = try existing.fields["spec"].map { try WireConvert.convert($0, to: LeaseRecord.self) } ?? LeaseRecord()
            guard record.holderIdentity == config.identity else { return }
            var object = existing
            try Self.setSpec(LeaseDecision.released(record, now: LeaseRecord.microTime(Date())), on: &object)
            _ = try await client.update(object, in: Self.resource)
            logger.info("released the leader lease", metadata: ["lease": "\(config.namespace)/\(config.name)"])
        } catch {
            logger.warning("cannot release the leader lease; it expires on its own", metadata: ["error": "\(error)"])
        }
    }
}

extension LeaderElector {
    /// `record` as the `spec` member of a dynamic object.
    static func setSpec(_ record: LeaseRecord, on object: inout DynamicObject) throws {
        object.fields["spec"] = try WireConvert.convert(
            LeaseBody(apiVersion: resource.apiVersion, metadata: .init(), spec: record), to: DynamicObject.self
        ).fields["spec"]
    }
}

/// A Lease as written on create.
struct LeaseBody: Encodable {
    struct Meta: Encodable {
        var name: String?
        var namespace: String?
    }
    var apiVersion: String
    var kind = "Lease"
    var metadata: Meta
    var spec: LeaseRecord
}
