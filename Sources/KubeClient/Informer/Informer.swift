public import Logging
import Synchronization

/// A change to an informer's cache.
public enum InformerChange<Object: KubeObject>: Sendable {
    case added(Object)
    case updated(old: Object, new: Object)
    case deleted(Object)
    /// The cache holds a complete list (sent after the first list and after every relist).
    case synced
}

/// A local cache of one resource kept current by a `ListWatch`, keyed by `namespace/name`.
///
/// `run()` drives it until its task is cancelled; reads (`get`, `list`) are safe from any task. Every
/// cache change is also sent on `changes` (one consumer; unbounded buffer). A relist is diffed against
/// the cache, so objects deleted while the watch was down are reported as `.deleted`.
public final class Informer<Object: KubeObject>: Sendable {
    private struct State {
        var items: [String: Object] = [:]
        var synced = false
        var syncWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let listWatch: ListWatch<Object>
    private let state = Mutex(State())
    public let changes: AsyncStream<InformerChange<Object>>
    private let continuation: AsyncStream<InformerChange<Object>>.Continuation

    /// `notify: false` keeps `changes` empty, for caches only read through `get`/`list` (an unread
    /// `changes` stream would otherwise buffer every change).
    public init(
        client: KubeClient, _ type: Object.Type, in resource: APIResource, namespace: String? = nil,
        labelSelector: String? = nil, fieldSelector: String? = nil, notify: Bool = true, logger: Logger? = nil,
        onFailure: (@Sendable () -> Void)? = nil
    ) {
        var listWatch = ListWatch(
            client: client, type, in: resource, namespace: namespace, labelSelector: labelSelector,
            fieldSelector: fieldSelector, logger: logger)
        listWatch.onFailure = onFailure
        self.listWatch = listWatch
        (changes, continuation) = AsyncStream.makeStream(bufferingPolicy: notify ? .unbounded : .bufferingNewest(0))
    }

    /// Lists and watches until the calling task is cancelled, then finishes `changes`.
    public func run() async {
        for await event in listWatch {
            apply(event)
        }
        continuation.finish()
        // Release anyone still waiting for a sync that will never come.
        let waiters = state.withLock { s in
            defer { s.syncWaiters = [] }
            return s.syncWaiters
        }
        for w in waiters { w.resume() }
    }

    /// The cached object with key `namespace/name` (or `name` for cluster-scoped kinds).
    public func get(_ key: String) -> Object? { state.withLock { $0.items[key] } }

    /// All cached objects, in no particular order.
    public func list() -> [Object] { state.withLock { Array($0.items.values) } }

    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// Returns once the first list has been stored (or `run()` has ended).
    public func waitForSync() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.synced { return true }
                s.syncWaiters.append(c)
                return false
            }
            if ready { c.resume() }
        }
    }

    private func apply(_ event: ListWatch<Object>.Event) {
        var out: [InformerChange<Object>] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        state.withLock { s in
            switch event {
            case .synced(let objects, _):
                var fresh: [String: Object] = [:]
                for o in objects { fresh[o.key] = o }
                for (key, old) in s.items where fresh[key] == nil { out.append(.deleted(old)) }
                for (key, new) in fresh {
                    if let old = s.items[key] {
                        if old.metadata.resourceVersion != new.metadata.resourceVersion {
                            out.append(.updated(old: old, new: new))
                        }
                    } else {
                        out.append(.added(new))
                    }
                }
                s.items = fresh
                s.synced = true
                out.append(.synced)
                waiters = s.syncWaiters
                s.syncWaiters = []
            case .added(let o), .modified(let o):
                if let old = s.items.updateValue(o, forKey: o.key) {
                    out.append(.updated(old: old, new: o))
                } else {
                    out.append(.added(o))
                }
            case .deleted(let o):
                let old = s.items.removeValue(forKey: o.key)
                out.append(.deleted(old ?? o))
            }
        }
        for change in out { continuation.yield(change) }
        for w in waiters { w.resume() }
    }
}

extension Informer where Object: KubeResource {
    public convenience init(
        client: KubeClient, _ type: Object.Type, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, notify: Bool = true, logger: Logger? = nil,
        onFailure: (@Sendable () -> Void)? = nil
    ) {
        self.init(
            client: client, type, in: Object.apiResource, namespace: namespace, labelSelector: labelSelector,
            fieldSelector: fieldSelector, notify: notify, logger: logger, onFailure: onFailure)
    }
}
