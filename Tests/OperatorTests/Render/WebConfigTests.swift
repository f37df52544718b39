import Foundation
import PromConfig
import Testing

@testable import Operator

struct WebConfigTests {
    /// bcrypt of "test" (the example from Prometheus's web configuration docs).
    static let users = "admin: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\n"

    static func render() throws -> (String?, Assets) {
        let sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-web.yaml"))
        var assets = Assets()
        let text = try WebConfigRenderer.render(sx, usersYAML: users, assets: &assets)
        return (text, assets)
    }

    @Test func webConfigMatchesGoldenAndLoads() throws {
        let (text, assets) = try Self.render()
        let yaml = try #require(text)
        try Golden.check(yaml, repoPath: Golden.golden("web-config-secure.yaml"))
        let parsed = try WebConfig.parse(yaml: yaml, filename: "web-config.yaml")
        #expect(parsed.tlsServerConfig?.certFile == "/etc/sextant/secrets/secret_monitoring_sextant-tls_tls.crt")
        #expect(parsed.basicAuthUsers["admin"] != nil)
        #expect(assets.referenced.count == 3)
    }

    @Test func webConfigPassesPromtool() throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        else { return }
        let yaml = try #require(try Self.render().0)
        let (status, output) = try Promtool.check("web-config", yaml, promtool: promtool)
        #expect(status == 0, "\(output)")
    }

    @Test func badClientAuthTypeNamesTheValue() throws {
        var sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-web.yaml"))
        sx.spec.web?.tlsConfig?.clientAuthType = "Sometimes"
        var assets = Assets()
        #expect(throws: RenderError.self) { try WebConfigRenderer.render(sx, usersYAML: Self.users, assets: &assets) }
        sx.spec.web = nil
        #expect(try WebConfigRenderer.render(sx, usersYAML: nil, assets: &assets) == nil)
    }
}
