import Foundation
import KubeClient
import Testing

@Suite(.kubeControlPlane)
struct WatchTests {
    @Test func watchDeliversTypedEventsInOrder() async throws {
        try await ClusterFixture.run { f in
            let start = try await f.client.list(ConfigMap.self, namespace: f.namespace)
            let stream = try await f.client.watch(
                ConfigMap.self, namespace: f.namespace,
                options: WatchOptions(resourceVersion: start.metadata.resourceVersion, allowWatchBookmarks: true))
            var cm = try await f.client.create(f.configMap("w", data: ["v": "1"]))
            cm.data = ["v": "2"]
            _ = try await f.client.update(cm)
            try await f.client.delete(ConfigMap.self, namespace: f.namespace, name: "w")

            var seen: [String] = []
            for try await event in stream {
                switch event {
                case .added(let o): seen.append("ADDED \(o.data?["v"] ?? "")")
                case .modified(let o): seen.append("MODIFIED \(o.data?["v"] ?? "")")
                case .deleted(let o): seen.append("DELETED \(o.metadata.name ?? "")")
                case .bookmark: continue
                case .error(let s): seen.append("ERROR \(s.code ?? 0)")
                }
                if seen.count == 3 { break }
            }
            #expect(seen == ["ADDED 1", "MODIFIED 2", "DELETED w"])
        }
    }

    @Test func tooOldResourceVersionIsGone() async throws {
        try await ClusterFixture.run { f in
            do {
                let stream = try await f.client.watch(
                    ConfigMap.self, namespace: f.namespace, options: WatchOptions(resourceVersion: "1"))
                let events = try await first(1, of: stream)
                guard case .error(let status) = events.first else {
                    Issue.record("expected an ERROR event, got \(events)")
                    return
                }
                #expect(status.code == 410)
            } catch let error as KubeError {
                // Some servers refuse with an HTTP 410 instead of an ERROR event; both mean "relist".
                #expect(error.isGone, "\(error)")
            }
        }
    }

    @Test func listWatchRelistsWhenItsVersionIsGone() async throws {
        try await ClusterFixture.run { f in
            _ = try await f.client.create(f.configMap("present", data: [:]))
            let lw = ListWatch(client: f.client, ConfigMap.self, namespace: f.namespace, resourceVersion: "1")
            var iterator = lw.makeAsyncIterator()
            guard case .synced(let items, let rv) = await iterator.next() else {
                Issue.record("expected a relist after 410")
                return
            }
            #expect(items.map(\.metadata.name) == ["present"])
            #expect(!rv.isEmpty)
            _ = try await f.client.create(f.configMap("later", data: [:]))
            guard case .added(let added) = await iterator.next() else {
                Issue.record("expected the watch to resume after the relist")
                return
            }
            #expect(added.metadata.name == "later")
        }
    }

    @Test func informerCachesAndReportsChanges() async throws {
        try await ClusterFixture.run { f in
            _ = try await f.client.create(f.configMap("before", labels: ["app": "x"], data: [:]))
            _ = try await f.client.create(f.configMap("unlabelled", data: [:]))
            let informer = Informer(client: f.client, ConfigMap.self, namespace: f.namespace, labelSelector: "app=x")
            let runner = Task { await informer.run() }
            defer { runner.cancel() }
            await informer.waitForSync()
            #expect(informer.list().map(\.key) == ["\(f.namespace)/before"])

            var changes = informer.changes.makeAsyncIterator()
            guard case .added(let initial) = await changes.next(), case .synced = await changes.next() else {
                Issue.record("expected the initial list as added + synced")
                return
            }
            #expect(initial.metadata.name == "before")

            var after = try await f.client.create(f.configMap("after", labels: ["app": "x"], data: ["v": "1"]))
            guard case .added(let a) = await changes.next() else { Issue.record("no add"); return }
            #expect(a.metadata.name == "after")
            after.data = ["v": "2"]
            _ = try await f.client.update(after)
            guard case .updated(let old, let new) = await changes.next() else { Issue.record("no update"); return }
            #expect(old.data?["v"] == "1")
            #expect(new.data?["v"] == "2")
            try await f.client.delete(ConfigMap.self, namespace: f.namespace, name: "before")
            guard case .deleted(let d) = await changes.next() else { Issue.record("no delete"); return }
            #expect(d.metadata.name == "before")
            #expect(informer.get("\(f.namespace)/before") == nil)
            #expect(informer.get("\(f.namespace)/after")?.data?["v"] == "2")
        }
    }
}
