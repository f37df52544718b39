import Foundation
import TestSupport
import Testing

@testable import KubeClient

struct KubeConfigFileTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    @Test func resolvesCurrentContextWithInlineCAAndToken() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let b64 = Data(Self.caPEM.utf8).base64EncodedString()
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: https://127.0.0.1:16443/
                certificate-authority-data: \(b64)
            - name: other
              cluster: {server: "https://other:6443", insecure-skip-tls-verify: true}
            users:
            - name: admin
              user:
                token: abc123
            - name: certs
              user:
                client-certificate: certs/client.crt
                client-key: /abs/client.key
            contexts:
            - name: local
              context: {cluster: local, user: admin, namespace: monitoring}
            - name: other
              context: {cluster: other, user: certs}
            current-context: local
            """
        try yaml.write(toFile: dir.file("kubeconfig"), atomically: true, encoding: .utf8)
        let config = try KubeClientConfig.kubeconfig(path: dir.file("kubeconfig"), dataDirectory: dir.path)
        #expect(config.server == "https://127.0.0.1:16443")
        #expect(config.namespace == "monitoring")
        #expect(config.token == "abc123")
        let ca = try #require(config.caFile)
        #expect(ca.hasPrefix(dir.path))
        #expect(try String(contentsOfFile: ca, encoding: .utf8) == Self.caPEM)
        let mode = try FileManager.default.attributesOfItem(atPath: ca)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let other = try KubeClientConfig.kubeconfig(
            path: dir.file("kubeconfig"), context: "other", dataDirectory: dir.path)
        #expect(other.server == "https://other:6443")
        #expect(other.namespace == "default")
        #expect(other.insecureSkipVerify)
        #expect(other.token == nil)
        #expect(other.certFile == dir.file("certs/client.crt"))
        #expect(other.keyFile == "/abs/client.key")
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var yaml: String
        var context: String?
        var message: String
        var description: String { message }
    }

    @Test(arguments: [
        BadCase(yaml: "clusters: []\ncontexts: []\n", context: nil, message: "no context given and no current-context"),
        BadCase(
            yaml: "contexts: [{name: a, context: {cluster: c}}]\ncurrent-context: b\n", context: nil,
            message: "context \"b\" not found"),
        BadCase(
            yaml: "contexts: [{name: a, context: {cluster: c}}]\ncurrent-context: a\n", context: nil,
            message: "cluster \"c\" of context \"a\" not found"),
        BadCase(
            yaml:
                "clusters: [{name: c, cluster: {server: 'https://x'}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n",
            context: "a", message: "user \"u\" of context \"a\" not found"),
        BadCase(
            yaml: """
                clusters: [{name: c, cluster: {server: 'https://x'}}]
                users: [{name: u, user: {exec: {command: aws}}}]
                contexts: [{name: a, context: {cluster: c, user: u}}]
                """, context: "a", message: "exec/auth-provider credentials, which are not supported"),
        BadCase(
            yaml:
                "clusters: [{name: c, cluster: {server: 'https://x', certificate-authority-data: '%%%'}}]\ncontexts: [{name: a, context: {cluster: c}}]\n",
            context: "a", message: "certificate-authority-data is not valid base64"),
    ])
    func reportsWhatIsWrong(_ bad: BadCase) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        do {
            _ = try KubeClientConfig.kubeconfig(
                yaml: bad.yaml, path: "kc", context: bad.context, baseDirectory: dir.path, dataDirectory: dir.path)
            Issue.record("expected an error containing \(bad.message)")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.description.contains(bad.message), "\(error.description)")
        }
    }

    @Test func inClusterReadsServiceAccountAndEnvironment() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "tok-1\n".write(toFile: dir.file("token"), atomically: true, encoding: .utf8)
        try "monitoring".write(toFile: dir.file("namespace"), atomically: true, encoding: .utf8)
        try "pem".write(toFile: dir.file("ca.crt"), atomically: true, encoding: .utf8)
        let config = try KubeClientConfig.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
            serviceAccountDirectory: dir.path)
        #expect(config.server == "https://[fd00::1]:443")
        #expect(config.namespace == "monitoring")
        #expect(config.tokenFile == dir.file("token"))
        #expect(config.caFile == dir.file("ca.crt"))

        #expect(throws: KubeError.self) {
            try KubeClientConfig.inCluster(environment: [:], serviceAccountDirectory: dir.path)
        }
    }
}
