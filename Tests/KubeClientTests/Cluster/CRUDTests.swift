import Foundation
import KubeClient
import Testing

@Suite(.kubeControlPlane)
struct CRUDTests {
    @Test func createGetUpdateDeleteWithTypedErrors() async throws {
        try await ClusterFixture.run { f in
            let created = try await f.client.create(f.configMap("a", data: ["k": "1"]))
            #expect(created.metadata.uid != nil)
            #expect(created.metadata.namespace == f.namespace)

            let fetched = try await f.client.get(ConfigMap.self, namespace: f.namespace, name: "a")
            #expect(fetched.data == ["k": "1"])

            do {
                _ = try await f.client.create(f.configMap("a", data: [:]))
                Issue.record("second create succeeded")
            } catch let error as KubeError {
                #expect(error.isAlreadyExists)
                #expect(error.code == 409)
            }

            var changed = fetched
            changed.data = ["k": "2"]
            let updated = try await f.client.update(changed)
            #expect(updated.data == ["k": "2"])
            #expect(updated.metadata.resourceVersion != fetched.metadata.resourceVersion)

            // `fetched` carries the old resourceVersion: optimistic concurrency refuses it.
            do {
                _ = try await f.client.update(fetched)
                Issue.record("stale update succeeded")
            } catch let error as KubeError {
                #expect(error.isConflict)
                #expect(error.reason == "Conflict")
            }

            try await f.client.delete(ConfigMap.self, namespace: f.namespace, name: "a")
            do {
                _ = try await f.client.get(ConfigMap.self, namespace: f.namespace, name: "a")
                Issue.record("deleted object still readable")
            } catch let error as KubeError {
                #expect(error.isNotFound)
                #expect(error.reason == "NotFound")
                #expect(error.message == #"configmaps "a" not found"#)
                #expect(error.description.contains("GET https://127.0.0.1:"))
            }
        }
    }

    @Test func invalidObjectIsRejectedWithCauses() async throws {
        try await ClusterFixture.run { f in
            do {
                _ = try await f.client.create(f.configMap("Not_A_Name", data: [:]))
                Issue.record("invalid name accepted")
            } catch let error as KubeError {
                #expect(error.code == 422)
                #expect(error.reason == "Invalid")
                #expect(error.status?.details?.causes?.first?.field == "metadata.name")
            }
        }
    }

    @Test func listFiltersBySelectorsAndPaginates() async throws {
        try await ClusterFixture.run { f in
            for i in 0..<5 {
                _ = try await f.client.create(
                    f.configMap("cm-\(i)", labels: ["parity": i % 2 == 0 ? "even" : "odd"], data: ["i": "\(i)"]))
            }
            let even = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: "parity=even"))
            #expect(Set(even.items.compactMap(\.metadata.name)) == ["cm-0", "cm-2", "cm-4"])

            let notOdd = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: "parity,parity notin (odd)")
            )
            #expect(notOdd.items.count == 3)

            // A structured selector renders to the same query syntax the server evaluates.
            let structured = LabelSelector(
                matchLabels: ["parity": "odd"],
                matchExpressions: [.init(key: "parity", operator: .notIn, values: ["even"])])
            let odd = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: structured.queryString))
            #expect(Set(odd.items.compactMap(\.metadata.name)) == ["cm-1", "cm-3"])
            #expect(odd.items.allSatisfy { structured.matches($0.metadata.labels ?? [:]) })

            let byName = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(fieldSelector: "metadata.name=cm-3"))
            #expect(byName.items.map(\.metadata.name) == ["cm-3"])

            let page = try await f.client.list(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: "parity", limit: 2))
            #expect(page.items.count == 2)
            #expect(page.metadata.continue?.isEmpty == false)

            let all = try await f.client.listAll(
                ConfigMap.self, namespace: f.namespace, options: ListOptions(labelSelector: "parity"), pageSize: 2)
            #expect(all.items.compactMap(\.metadata.name).sorted() == (0..<5).map { "cm-\($0)" })
            #expect(all.metadata.resourceVersion != nil)
        }
    }

    @Test func discoveryReportsServedVersions() async throws {
        try await ClusterFixture.run { f in
            let version = try await f.client.serverVersion()
            #expect(version.major == "1")
            let groups = try await f.client.serverGroups()
            #expect(groups.first?.name == "")
            #expect(groups.first?.versions.contains("v1") == true)
            let discovery = try #require(groups.first { $0.name == "discovery.k8s.io" })
            #expect(discovery.versions.contains("v1beta1"))

            // 1.20 serves EndpointSlice only as v1beta1; newer servers serve v1 and we prefer it.
            let slice = try await f.client.firstServed([EndpointSlice.apiResource, EndpointSlice.v1beta1Resource])
            let expected = discovery.versions.contains("v1") ? "v1" : "v1beta1"
            #expect(slice?.version == expected)
            #expect(try await f.client.isServed(Pod.apiResource))
            #expect(try await f.client.serverResources(groupVersion: "nonexistent.example.com/v1") == [])
        }
    }
}
