import Foundation
import PromConfig
import Testing

let webFixturesDirectory = "\(fixturesDirectory)/web"

struct WebConfigTests {
    @Test(arguments: fixtures(suffix: ".good.yml", in: "web"))
    func goodWebConfigLoads(_ name: String) throws {
        _ = try WebConfig.load(path: "\(webFixturesDirectory)/\(name)")
    }

    static let badMessages: [String: String] = [
        "missing-key.bad.yml": "missing-key.bad.yml:2:3: tls_server_config: missing key_file",
        "client-auth.bad.yml":
            #"client-auth.bad.yml:4:21: tls_server_config.client_auth_type: invalid client_auth_type "VerifyAlways"; expected one of: NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"#,
        "unknown-header.bad.yml":
            #"unknown-header.bad.yml:3:5: http_server_config.headers: unknown header "X-Powered-By"; allowed: Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, X-XSS-Protection, Strict-Transport-Security"#,
        "frame-options.bad.yml":
            #"frame-options.bad.yml:3:22: http_server_config.headers.X-Frame-Options: invalid value for X-Frame-Options: expected deny or sameorigin, got "allow""#,
    ]

    @Test(arguments: fixtures(suffix: ".bad.yml", in: "web"))
    func badWebConfigFailsWithItsExactMessage(_ name: String) throws {
        let text = try String(contentsOfFile: "\(webFixturesDirectory)/\(name)", encoding: .utf8)
        let expected = try #require(Self.badMessages[name], "add \(name) to WebConfigTests.badMessages")
        do {
            _ = try WebConfig.parse(yaml: text, filename: name)
            Issue.record("\(name) loaded")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func values() throws {
        let w = try WebConfig.load(path: "\(webFixturesDirectory)/tls-and-users.good.yml")
        let tls = try #require(w.tlsServerConfig)
        #expect(tls.certFile == "\(webFixturesDirectory)/server.crt")
        #expect(tls.clientAuthType == .requireAndVerifyClientCert)
        #expect(tls.clientCAFile == "\(webFixturesDirectory)/ca.crt")
        #expect(tls.minVersion == .tls12)
        #expect(tls.maxVersion == .tls13)
        #expect(w.httpServerConfig.http2 == false)
        #expect(w.httpServerConfig.headers["X-Frame-Options"] == "deny")
        #expect(w.basicAuthUsers["admin"]?.value.hasPrefix("$2y$10$") == true)
    }

    @Test(.enabled(if: PromtoolTests.installedVersion != nil), arguments: fixtures(suffix: ".yml", in: "web"))
    func promtoolAgrees(_ name: String) throws {
        let path = "\(webFixturesDirectory)/\(name)"
        if try String(contentsOfFile: path, encoding: .utf8).contains("# promtool: skip") { return }
        let result = try PromtoolTests.run([PromtoolTests.promtool, "check", "web-config", path])
        #expect((result.status == 0) == name.hasSuffix(".good.yml"), "promtool: \(result.output)")
    }
}
