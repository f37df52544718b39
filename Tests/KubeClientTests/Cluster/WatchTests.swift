import Foundation
import KubeClient
import Testing

@Suite(.kubeControlPlane)
struct WatchTests {
    @Test func watchDeliversTypedEventsInOrder() async throws {
        try await ClusterFixture.run { f in
            // The label keeps out the namespace's kube-root-ca.crt, which the controller-manager adds.
            let start = try await f.client.list(ConfigMap.self, namespace: f.namespace)
            let stream = try f.client.watch(
                ConfigMap.self, namespace: f.namespace,
                options: WatchOptions(
                    labelSelector: "test=watch", resourceVersion: start.metadata.resourceVersion,
                    allowWatchBookmarks: true))
            var cm = try await f.client.create(f.configMap("w", labels: ["test": "watch"], data: ["v": "1"]))
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

    @Test func listWatchListsThenFollowsChanges() async throws {
        try await ClusterFixture.run { f in
            _ = try await f.client.create(f.configMap("present", labels: ["test": "lw"], data: [:]))
            let lw = ListWatch(client: f.client, ConfigMap.self, namespace: f.namespace, labelSelector: "test=lw")
            var iterator = lw.makeAsyncIterator()
            guard case .synced(let items, let rv) = await iterator.next() else {
                Issue.record("expected the initial list")
                return
            }
            #expect(items.map(\.metadata.name) == ["present"])
            #expect(!rv.isEmpty)
            _ = try await f.client.create(f.configMap("later", labels: ["test": "lw"], data: [:]))
            guard case .added(let added) = await iterator.next() else {
                Issue.record("expected the watch to follow the list")
                return
            }
            #expect(added.metadata.name == "later")
            try await f.client.delete(ConfigMap.self, namespace: f.namespace, name: "present")
            guard case .deleted(let deleted) = await iterator.next() else {
                Issue.record("expected a delete")
                return
            }
            #expect(deleted.metadata.name == "present")
        }
    }

    @Test func listWatchResumesFromAKnownVersion() async throws {
        try await ClusterFixture.run { f in
            _ = try await f.client.create(f.configMap("before", labels: ["test": "resume"], data: [:]))
            let rv = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: "test=resume")
            ).metadata.resourceVersion
            _ = try await f.client.create(f.configMap("after", labels: ["test": "resume"], data: [:]))
            let lw = ListWatch(
                client: f.client, ConfigMap.self, namespace: f.namespace, labelSelector: "test=resume",
                resourceVersion: rv)
            var iterator = lw.makeAsyncIterator()
            // No list: only what happened after `rv`.
            guard case .added(let added) = await iterator.next() else {
                Issue.record("expected the change after the known version")
                return
            }
            #expect(added.metadata.name == "after")
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
            guard case .added(let a) = await changes.next() else {
                Issue.record("no add")
                return
            }
            #expect(a.metadata.name == "after")
            after.data = ["v": "2"]
            _ = try await f.client.update(after)
            guard case .updated(let old, let new) = await changes.next() else {
                Issue.record("no update")
                return
            }
            #expect(old.data?["v"] == "1")
            #expect(new.data?["v"] == "2")
            try await f.client.delete(ConfigMap.self, namespace: f.namespace, name: "before")
            guard case .deleted(let d) = await changes.next() else {
                Issue.record("no delete")
                return
            }
            #expect(d.metadata.name == "before")
            #expect(informer.get("\(f.namespace)/before") == nil)
            #expect(informer.get("\(f.namespace)/after")?.data?["v"] == "2")
        }
    }
}
