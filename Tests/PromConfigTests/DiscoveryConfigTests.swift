import PromConfig
import Testing

struct DiscoveryConfigTests {
    @Test func fileAndHTTPDiscovery() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/discovery.good.yml")
        let files = c.scrapeConfigs[0].serviceDiscovery.fileSDConfigs
        #expect(files == [FileSDConfig(files: ["\(fixturesDirectory)/targets/*.json", "/etc/sextant/targets.yml"],
                                       refreshInterval: .minutes(1))])
        let http = try #require(c.scrapeConfigs[1].serviceDiscovery.httpSDConfigs.first)
        #expect(http.url == "https://sd.internal/targets")
        #expect(http.refreshInterval == .seconds(30))
        #expect(http.httpClientConfig.basicAuth?.username == "sd")
    }

    @Test func kubernetesDiscovery() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/kubernetes-sd.good.yml")
        let pods = try #require(c.scrapeConfigs[0].serviceDiscovery.kubernetesSDConfigs.first)
        #expect(pods.role == .pod)
        #expect(pods.namespaces == .init(ownNamespace: true, names: ["monitoring", "default"]))
        #expect(pods.selectors == [.init(role: .pod, label: "app=web"), .init(role: .node, field: "metadata.name=n1")])
        #expect(pods.attachMetadata.node)
        let api = try #require(c.scrapeConfigs[1].serviceDiscovery.kubernetesSDConfigs.first)
        #expect(api.apiServer == "https://kubernetes.default.svc:443")
        #expect(api.httpClientConfig.authorization?.credentialsFile == "/var/run/secrets/kubernetes.io/serviceaccount/token")
        let roles = c.scrapeConfigs[2].serviceDiscovery.kubernetesSDConfigs.map(\.role)
        #expect(roles == [.node, .endpointslice, .service, .ingress])
        #expect(c.scrapeConfigs[2].serviceDiscovery.kubernetesSDConfigs[0].kubeconfigFile == "\(fixturesDirectory)/kubeconfig.yml")
    }
}
