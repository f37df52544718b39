public import Logging

/// A watch that never gives up: list, then watch from the list's resourceVersion, resuming after
/// disconnects from the last seen version (bookmarks included), relisting when the version is gone (410),
/// and waiting with exponential backoff after errors.
///
/// Events come as `.synced` (the complete current state, after each list) followed by incremental
/// changes. A consumer that keeps a cache replaces it on `.synced`. The sequence ends only when the
/// consuming task is cancelled. Iterate it from one task.
public struct ListWatch<Object: KubeObject>: AsyncSequence, Sendable {
    public enum Event: Sendable {
        /// The full state after a (re)list; replaces everything known before.
        case synced([Object], resourceVersion: String)
        case added(Object)
        case modified(Object)
        case deleted(Object)
    }

    public typealias Element = Event
    public typealias Failure = Never

    let client: KubeClient
    let resource: APIResource
    let namespace: String?
    let labelSelector: String?
    let fieldSelector: String?
    let backoff: Backoff
    let startResourceVersion: String?
    let logger: Logger
    /// Called for every failed list or watch request (not for an expired watch, which is routine), so that
    /// callers can count failures (kubernetes_sd's `prometheus_sd_kubernetes_failures_total`).
    var onFailure: (@Sendable () -> Void)?

    /// `resourceVersion` resumes a watch from a known version instead of listing first (the first event is
    /// then an incremental one, or `.synced` when that version has expired).
    public init(
        client: KubeClient, _ type: Object.Type, in resource: APIResource, namespace: String? = nil,
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        backoff: Backoff = Backoff(), logger: Logger? = nil
    ) {
        self.startResourceVersion = resourceVersion
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.backoff = backoff
        self.logger = logger ?? client.logger
    }

    public func makeAsyncIterator() -> Iterator { Iterator(self) }

    public struct Iterator: AsyncIteratorProtocol {
        let spec: ListWatch
        var backoff: Backoff
        /// `nil` means "list next".
        var resourceVersion: String?
        var watch: WatchStream<Object>.Iterator?
        /// Whether the open watch delivered anything; one that closes empty is retried after a backoff so a
        /// server that keeps closing watches at once cannot turn this into a busy loop.
        var watchDelivered = false

        init(_ spec: ListWatch) {
            self.spec = spec
            self.backoff = spec.backoff
            self.resourceVersion = spec.startResourceVersion
        }

        public mutating func next() async -> Event? {
            while !Task.isCancelled {
                guard let rv = resourceVersion else {
                    if let event = await relist() { return event }
                    continue
                }
                if watch == nil {
                    await openWatch(from: rv)
                    continue
                }
                do {
                    guard let event = try await watch!.next() else {
                        // The server closed the watch (timeoutSeconds): resume from the last version.
                        watch = nil
                        if !watchDelivered { await sleepBackoff() }
                        continue
                    }
                    if !watchDelivered { backoff.reset() }
                    watchDelivered = true
                    if let newRV = event.resourceVersion, !newRV.isEmpty { resourceVersion = newRV }
                    switch event {
                    case .added(let o): return .added(o)
                    case .modified(let o): return .modified(o)
                    case .deleted(let o): return .deleted(o)
                    case .bookmark: continue
                    case .error(let status):
                        watch = nil
                        if status.code == 410 || status.reason == "Expired" || status.reason == "Gone" {
                            spec.logger.debug("watch of \(spec.resource) expired at \(rv); relisting")
                            resourceVersion = nil
                        } else {
                            spec.onFailure?()
                            spec.logger.info(
                                "watch of \(spec.resource) ended with error \(status.code ?? 0) \(status.reason ?? ""): \(status.message ?? "")"
                            )
                            await sleepBackoff()
                        }
                    }
                } catch {
                    watch = nil
                    if Task.isCancelled { return nil }
                    if error.isGone {
                        spec.logger.debug("watch of \(spec.resource) refused at \(rv) (410); relisting")
                        resourceVersion = nil
                        continue
                    }
                    spec.onFailure?()
                    spec.logger.info("watch of \(spec.resource) failed: \(error)")
                    await sleepBackoff()
                }
            }
            return nil
        }

        private mutating func relist() async -> Event? {
            do {
                let list = try await spec.client.listAll(
                    Object.self, in: spec.resource, namespace: spec.namespace,
                    options: ListOptions(labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector))
                let rv = list.metadata.resourceVersion ?? "0"
                resourceVersion = rv
                watch = nil
                backoff.reset()
                return .synced(list.items, resourceVersion: rv)
            } catch {
                if Task.isCancelled { return nil }
                spec.onFailure?()
                spec.logger.info("list of \(spec.resource) failed: \(error)")
                await sleepBackoff()
                return nil
            }
        }

        /// Prepares the watch; the request goes out on the first `next()` of its iterator.
        private mutating func openWatch(from rv: String) async {
            do {
                let stream = try spec.client.watch(
                    Object.self, in: spec.resource, namespace: spec.namespace,
                    options: WatchOptions(
                        labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector, resourceVersion: rv,
                        allowWatchBookmarks: true, timeoutSeconds: Int.random(in: 300...600)))
                watch = stream.makeAsyncIterator()
                watchDelivered = false
            } catch {
                if Task.isCancelled { return }
                if error.isGone {
                    resourceVersion = nil
                    return
                }
                spec.onFailure?()
                spec.logger.info("watch of \(spec.resource) could not start: \(error)")
                await sleepBackoff()
            }
        }

        private mutating func sleepBackoff() async {
            let delay = backoff.next()
            try? await Task.sleep(for: delay)
        }
    }
}

extension ListWatch where Object: KubeResource {
    public init(
        client: KubeClient, _ type: Object.Type, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, resourceVersion: String? = nil, logger: Logger? = nil
    ) {
        self.init(
            client: client, type, in: Object.apiResource, namespace: namespace, labelSelector: labelSelector,
            fieldSelector: fieldSelector, resourceVersion: resourceVersion, logger: logger)
    }
}
