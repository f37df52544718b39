import PromConfig
import Testing

struct HTTPClientConfigTests {
    @Test func secretsArePrintedAsPlaceholderUnlessRevealed() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/http-client.good.yml")
        let hidden = try c.yaml()
        #expect(hidden.contains("credentials: <secret>"))
        #expect(hidden.contains("client_secret: <secret>"))
        #expect(!hidden.contains("s3cr3t"))
        #expect(!hidden.contains("hunter2"))
        let shown = try c.yaml(revealSecrets: true)
        #expect(shown.contains("credentials: s3cr3t"))
    }

    @Test func bearerTokenBecomesAuthorizationAndPathsResolve() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/http-client.good.yml")
        let byJob = Dictionary(uniqueKeysWithValues: c.scrapeConfigs.map { ($0.jobName, $0.httpClientConfig) })
        #expect(byJob["bearer"]?.authorization == Authorization(type: "Bearer", credentialsFile: "/var/run/secrets/token"))
        #expect(byJob["authorization"]?.authorization == Authorization(type: "Token", credentials: "s3cr3t"))
        let basic = try #require(byJob["basic"])
        #expect(basic.basicAuth?.passwordFile == "\(fixturesDirectory)/secrets/password")
        #expect(basic.tlsConfig.caFile == "\(fixturesDirectory)/certs/ca.pem")
        #expect(basic.tlsConfig.minVersion == .tls12)
        #expect(basic.followRedirects == false)
        #expect(basic.enableHTTP2 == false)
        #expect(basic.proxy.proxyURL == "http://proxy.internal:3128")
        #expect(byJob["oauth"]?.oauth2?.endpointParams["audience"] == "metrics")
    }

    @Test func newerFieldsAreRead() throws {
        let c = try PrometheusConfig.load(path: "\(fixturesDirectory)/http-client-newer.good.yml")
        let s = c.scrapeConfigs[0]
        #expect(c.global.scrapeProtocols == [.prometheusText0_0_4, .openMetricsText1_0_0])
        #expect(s.scrapeProtocols == [.openMetricsText1_0_0])
        #expect(c.scrapeConfigs[1].scrapeProtocols == [.prometheusText0_0_4, .openMetricsText1_0_0])
        #expect(s.enableCompression == false)
        #expect(s.trackTimestampsStaleness)
        #expect(s.keepDroppedTargets == 10)
        #expect(c.scrapeConfigs[1].keepDroppedTargets == 100)
        #expect(s.bodySizeLimit == ByteSize(bytes: 10 << 20))
        #expect(s.httpClientConfig.httpHeaders["X-Tenant"]?.values == ["team-a"])
        #expect(s.httpClientConfig.proxy.noProxy == "localhost,10.0.0.0/8")
        #expect(c.scrapeConfigs[1].httpClientConfig.proxy.proxyFromEnvironment)
    }
}
