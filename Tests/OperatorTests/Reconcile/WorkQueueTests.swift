import Testing

@testable import Operator

struct WorkQueueTests {
    @Test func deduplicatesQueuedKeys() async {
        let q = WorkQueue()
        await q.add("ns/a")
        await q.add("ns/b")
        await q.add("ns/a")
        #expect(await q.length == 2)
        #expect(await q.next() == "ns/a")
        #expect(await q.next() == "ns/b")
    }

    @Test func keyAddedWhileProcessingIsQueuedOnceWhenDone() async {
        let q = WorkQueue()
        await q.add("ns/a")
        let key = await q.next()
        #expect(key == "ns/a")
        // Not handed out twice at once: the re-add waits for `done`.
        await q.add("ns/a")
        await q.add("ns/a")
        #expect(await q.length == 0)
        await q.done("ns/a")
        #expect(await q.length == 1)
        #expect(await q.next() == "ns/a")
    }

    @Test(arguments: [(1, 200), (2, 400), (3, 800), (5, 3200), (20, 300_000), (100, 300_000)])
    func backoffDoublesUpToTheCap(failures: Int, millis: Int) async {
        let q = WorkQueue(baseDelay: .milliseconds(200), maxDelay: .seconds(300))
        #expect(await q.backoff(failures: failures) == .milliseconds(millis))
    }

    @Test func failureCountGrowsAndSuccessResetsIt() async {
        let q = WorkQueue(baseDelay: .seconds(3600))
        await q.add("ns/a")
        _ = await q.next()
        await q.failed("ns/a")
        #expect(await q.failureCount("ns/a") == 1)
        // Not re-queued before its delay: no hot loop.
        #expect(await q.length == 0)
        await q.add("ns/a")
        _ = await q.next()
        await q.done("ns/a")
        #expect(await q.failureCount("ns/a") == 0)
    }

    /// Periodic resyncs schedule at most one delayed add per key, however often a key is synced.
    @Test func delayedAddsOfAKeyCollapse() async {
        let q = WorkQueue()
        for _ in 0..<5 { await q.addAfter("ns/a", .milliseconds(10)) }
        await q.addAfter("ns/b", .milliseconds(10))
        #expect(await q.pendingDelayed == 2)
        var got: Set<String> = []
        while got.count < 2, let key = await q.next() {
            got.insert(key)
            await q.done(key)
        }
        #expect(got == ["ns/a", "ns/b"])
        #expect(await q.pendingDelayed == 0)
        #expect(await q.length == 0)
    }

    @Test func shutdownReleasesWaitingWorkers() async {
        let q = WorkQueue()
        async let waiting = q.next()
        await q.shutdown()
        #expect(await waiting == nil)
    }

    @Test(arguments: [
        ("v1", "ConfigMap", "configmaps", true), ("apps/v1", "StatefulSet", "statefulsets", true),
        ("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
        ("policy/v1beta1", "PodDisruptionBudget", "poddisruptionbudgets", true),
    ])
    func resourcesForRenderedKinds(apiVersion: String, kind: String, plural: String, namespaced: Bool) {
        let r = OperatorResources.resource(apiVersion: apiVersion, kind: kind)
        #expect(r?.plural == plural)
        #expect(r?.namespaced == namespaced)
        #expect(r?.apiVersion == apiVersion)
    }
}
