import Foundation
import KubeClient
import Testing

@Suite(.kubeControlPlane)
struct ApplyStatusTests {
    @Test func serverSideApplyCreatesUpdatesAndDetectsConflicts() async throws {
        try await ClusterFixture.run { f in
            let first = try await f.client.apply(f.configMap("cfg", data: ["a": "1"]), fieldManager: "sextant-test")
            #expect(first.data == ["a": "1"])
            let second = try await f.client.apply(
                f.configMap("cfg", data: ["a": "2", "b": "x"]), fieldManager: "sextant-test")
            #expect(second.data == ["a": "2", "b": "x"])

            // Another manager changing a field we own conflicts unless it forces.
            do {
                _ = try await f.client.apply(
                    f.configMap("cfg", data: ["a": "3"]), fieldManager: "intruder", force: false)
                Issue.record("conflicting apply succeeded")
            } catch let error as KubeError {
                #expect(error.code == 409)
                #expect(error.message.contains("conflict"))
            }
            let forced = try await f.client.apply(
                f.configMap("cfg", data: ["a": "3"]), fieldManager: "intruder", force: true)
            #expect(forced.data?["a"] == "3")

            let merged = try await f.client.patch(
                ConfigMap.self, namespace: f.namespace, name: "cfg", patch: .merge(["data": ["c": "merged"]]))
            #expect(merged.data?["c"] == "merged")
            let jsonPatched = try await f.client.patch(
                ConfigMap.self, namespace: f.namespace, name: "cfg",
                patch: .json([["op": "remove", "path": "/data/c"]]))
            #expect(jsonPatched.data?["c"] == nil)
        }
    }

    static let widgets = APIResource(
        group: "test.sextant.dev", version: "v1", plural: "widgets", kind: "Widget", namespaced: true)

    static let crd: DynamicObject = {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "spec": ["type": "object", "properties": ["size": ["type": "integer"]]],
                "status": ["type": "object", "properties": ["phase": ["type": "string"]]],
            ],
        ]
        return DynamicObject(
            apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition",
            metadata: ObjectMeta(name: "widgets.test.sextant.dev"),
            fields: [
                "spec": [
                    "group": "test.sextant.dev", "scope": "Namespaced",
                    "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                    "versions": [
                        [
                            "name": "v1", "served": true, "storage": true,
                            "schema": ["openAPIV3Schema": schema], "subresources": ["status": [:]],
                        ]
                    ],
                ]
            ])
    }()

    static let crdResource = APIResource(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
        kind: "CustomResourceDefinition", namespaced: false)

    @Test func statusSubresourceOfACustomResource() async throws {
        try await ClusterFixture.run { f in
            _ = try await f.client.apply(Self.crd, in: Self.crdResource, fieldManager: "sextant-test")
            // The new resource is served once the CRD is established; poll discovery a bounded number of times.
            var served = false
            for _ in 0..<100 where !served {
                served = try await f.client.isServed(Self.widgets)
                if !served { try await Task.sleep(for: .milliseconds(200)) }
            }
            try #require(served, "widgets.test.sextant.dev/v1 never became served")

            let widget = DynamicObject(
                apiVersion: "test.sextant.dev/v1", kind: "Widget",
                metadata: ObjectMeta(name: "w", namespace: f.namespace), fields: ["spec": ["size": 3]])
            var created = try await f.client.create(widget, in: Self.widgets)
            #expect(created["spec"]?["size"]?.intValue == 3)

            // With a status subresource, a main-resource update ignores status ...
            created["status"] = ["phase": "Ignored"]
            let afterUpdate = try await f.client.update(created, in: Self.widgets)
            #expect(afterUpdate["status"] == nil)

            // ... and a status update ignores spec.
            var statusChange = afterUpdate
            statusChange["status"] = ["phase": "Ready"]
            statusChange["spec"] = ["size": 99]
            let afterStatus = try await f.client.updateStatus(statusChange, in: Self.widgets)
            #expect(afterStatus["status"]?["phase"]?.stringValue == "Ready")
            #expect(afterStatus["spec"]?["size"]?.intValue == 3)

            // Server-side apply of status only, as the operator reports it.
            let statusApply = DynamicObject(
                apiVersion: "test.sextant.dev/v1", kind: "Widget",
                metadata: ObjectMeta(name: "w", namespace: f.namespace), fields: ["status": ["phase": "Applied"]])
            let applied = try await f.client.apply(
                statusApply, in: Self.widgets, fieldManager: "sextant-status", subresource: "status")
            #expect(applied["status"]?["phase"]?.stringValue == "Applied")

            let listed = try await f.client.list(DynamicObject.self, in: Self.widgets, namespace: f.namespace)
            #expect(listed.items.map(\.metadata.name) == ["w"])
        }
    }
}
