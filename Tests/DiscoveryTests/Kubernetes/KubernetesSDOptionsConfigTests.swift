import Discovery
import PromConfig
import Testing

struct KubernetesSDOptionsConfigTests {
    @Test func convertsRoleNamespacesSelectorsAndMetadata() {
        var c = KubernetesSDConfig(role: .endpoints)
        c.namespaces = .init(ownNamespace: true, names: ["a", "b"])
        c.selectors = [.init(role: .pod, label: "app=x"), .init(role: .service, field: "metadata.name=s")]
        c.attachMetadata.node = true
        let o = KubernetesSDOptions(config: c, ownNamespace: "mine")
        #expect(o.role == .endpoints)
        #expect(o.namespaces == ["a", "b", "mine"])
        #expect(o.selectors[.pod] == .init(label: "app=x"))
        #expect(o.selectors[.service] == .init(field: "metadata.name=s"))
        #expect(o.attachNodeMetadata)
    }

    @Test(arguments: KubernetesSDConfig.Role.allCases)
    func everyRoleMaps(role: KubernetesSDConfig.Role) {
        let o = KubernetesSDOptions(config: KubernetesSDConfig(role: role), ownNamespace: nil)
        #expect(o.role.rawValue == role.rawValue)
        #expect(o.namespaces.isEmpty)
    }
}
