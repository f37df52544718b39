import Foundation
import Testing

@testable import KubeClient

struct ObjectCodingTests {
    struct PathCase: Sendable, CustomStringConvertible {
        var resource: APIResource
        var namespace: String?
        var name: String?
        var subresource: String?
        var path: String
        var description: String { path }
    }

    @Test(arguments: [
        PathCase(
            resource: Pod.apiResource, namespace: "ns", name: "p", subresource: nil,
            path: "/api/v1/namespaces/ns/pods/p"),
        PathCase(resource: Pod.apiResource, namespace: nil, name: nil, subresource: nil, path: "/api/v1/pods"),
        PathCase(
            resource: Node.apiResource, namespace: "ignored", name: "n1", subresource: "status",
            path: "/api/v1/nodes/n1/status"),
        PathCase(
            resource: EndpointSlice.v1beta1Resource, namespace: "a b", name: nil, subresource: nil,
            path: "/apis/discovery.k8s.io/v1beta1/namespaces/a%20b/endpointslices"),
    ])
    func resourcePaths(_ c: PathCase) {
        #expect(c.resource.path(namespace: c.namespace, name: c.name, subresource: c.subresource) == c.path)
    }

    @Test func jsonValueRoundTripsKeepingIntegers() throws {
        let text = #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["a"]?.arrayValue?.first == .int(1))
        #expect(value["a"]?.arrayValue?[1] == .double(2.5))
        #expect(value["b"]?["c"]?.intValue == -3)
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        #expect(again == value)
    }

    @Test func dynamicObjectKeepsUnknownFields() throws {
        let text =
            #"{"apiVersion":"x.io/v1","kind":"Thing","metadata":{"name":"t","namespace":"n"},"spec":{"replicas":2}}"#
        let object = try JSONDecoder().decode(DynamicObject.self, from: Data(text.utf8))
        #expect(object.key == "n/t")
        #expect(object["spec"]?["replicas"]?.intValue == 2)
        let back = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(object))
        #expect(back == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
    }

    @Test func emptyListItemsDecodeAsEmpty() throws {
        let text = #"{"kind":"PodList","metadata":{"resourceVersion":"12","continue":"tok"},"items":null}"#
        let list = try JSONDecoder().decode(KubeList<Pod>.self, from: Data(text.utf8))
        #expect(list.items.isEmpty)
        #expect(list.metadata.resourceVersion == "12")
        #expect(list.metadata.continue == "tok")
    }

    @Test func endpointSliceReadsNodeFromEitherVersion() throws {
        let v1 =
            #"{"addressType":"IPv4","metadata":{"name":"s"},"endpoints":[{"addresses":["10.0.0.1"],"nodeName":"n1","zone":"z"}]}"#
        let beta =
            #"{"addressType":"IPv4","metadata":{"name":"s"},"endpoints":[{"addresses":["10.0.0.1"],"topology":{"kubernetes.io/hostname":"n1","topology.kubernetes.io/zone":"z"}}]}"#
        for text in [v1, beta] {
            let slice = try JSONDecoder().decode(EndpointSlice.self, from: Data(text.utf8))
            #expect(slice.endpoints?.first?.nodeNameOrTopology == "n1")
            #expect(slice.endpoints?.first?.zoneOrTopology == "z")
        }
    }

    @Test func apiErrorDecodesStatusOrSynthesisesOne() {
        let body =
            #"{"kind":"Status","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","code":404}"#
        let e = KubeClient.apiError(
            status: 404, body: Array(body.utf8), verb: "GET", url: "https://h/api/v1/namespaces/d/pods/x")
        #expect(e.isNotFound)
        #expect(e.reason == "NotFound")
        #expect(e.description == #"GET https://h/api/v1/namespaces/d/pods/x: 404 NotFound: pods "x" not found"#)

        let plain = KubeClient.apiError(status: 410, body: Array("gone".utf8), verb: "GET", url: "u")
        #expect(plain.isGone)
        #expect(plain.message == "gone")
    }
}
