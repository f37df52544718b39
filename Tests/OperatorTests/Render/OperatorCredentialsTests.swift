import Foundation
import PromConfig
import Synchronization
import Testing

@testable import Operator

/// The operator's own basic-auth user: rendered next to the user's users, refused when they already name it,
/// kept in an owned Secret, and stable across reconciles.
struct OperatorCredentialsTests {
    /// A bcrypt hash (of "test", from Prometheus's docs) standing in for the operator's stored hash.
    static let storedHash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"

    /// Not bcrypt: a salted, counted stand-in, so tests see when a hash is made and that salts differ.
    final class FakeHasher: PasswordHasher {
        let made = Mutex(0)
        func hash(_ password: String) -> String {
            let n = made.withLock {
                $0 += 1
                return $0
            }
            return "fake(\(password))salt\(n)"
        }
        func verify(_ password: String, hash: String) -> Bool { hash.hasPrefix("fake(\(password))salt") }
    }

    /// Fixed bytes, for a golden password.
    struct CountingRNG: RandomNumberGenerator {
        var state: UInt64 = 0x0123_4567_89ab_cdef
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            return state
        }
    }

    static func webSextant() throws -> Sextant {
        var sx = try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-web.yaml"))
        sx.metadata.uid = "0b7c6a55-1f0e-4f5e-9d7a-2d5c1d6a9e01"
        return sx
    }

    static func snapshot(_ credentials: OperatorCredentials?) throws -> ClusterSnapshot {
        var snap = ClusterSnapshot(sextant: try webSextant(), namespaceLabels: ["monitoring": [:]])
        snap.webUsers = WebConfigTests.users
        snap.assetValues = [
            AssetKey(.secret, namespace: "monitoring", name: "sextant-tls", key: "tls.crt"): "CERT",
            AssetKey(.secret, namespace: "monitoring", name: "sextant-tls", key: "tls.key"): "KEY",
            AssetKey(.configmap, namespace: "monitoring", name: "clients", key: "ca.crt"): "CA",
        ]
        snap.operatorCredentials = credentials
        return snap
    }

    static func webConfig(in plan: SextantPlan) -> String? {
        let assets = plan.objects.first { $0.kind == "Secret" && $0.metadata.name == "sextant-secure-assets" }
        guard case .secret(let data)? = assets?.body, let b64 = data[WebConfigRenderer.fileName],
            let bytes = Data(base64Encoded: b64)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Rendering

    @Test func webConfigListsTheOperatorNextToTheUsers() throws {
        let sx = try Self.webSextant()
        var assets = Assets()
        let yaml = try #require(
            try WebConfigRenderer.render(
                sx, usersYAML: WebConfigTests.users, operatorHash: Self.storedHash, assets: &assets))
        try Golden.check(yaml, repoPath: Golden.golden("web-config-secure-operator.yaml"))
        let parsed = try WebConfig.parse(yaml: yaml, filename: "web-config.yaml")
        #expect(parsed.basicAuthUsers[OperatorCredentials.username]?.value == Self.storedHash)
        #expect(parsed.basicAuthUsers["admin"] != nil)
    }

    @Test func webConfigWithOperatorUserPassesPromtool() throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        else { return }
        var assets = Assets()
        let yaml = try #require(
            try WebConfigRenderer.render(
                try Self.webSextant(), usersYAML: WebConfigTests.users, operatorHash: Self.storedHash,
                assets: &assets))
        let (status, output) = try Promtool.check("web-config", yaml, promtool: promtool)
        #expect(status == 0, "\(output)")
    }

    /// Users that already name the reserved user are refused, not overwritten, with a reason of their own.
    @Test func usersNamingTheOperatorAreRejected() throws {
        let sx = try Self.webSextant()
        let users = WebConfigTests.users + "sextant-operator: \(Self.storedHash)\n"
        var assets = Assets()
        let expected = RenderError.reservedName(
            path: "spec.web.basicAuthUsers", value: "sextant-operator",
            reason: "Secret sextant-users/users.yaml names a user the operator reserves for reading the servers' "
                + "status; rename that user")
        #expect(throws: expected) {
            try WebConfigRenderer.render(sx, usersYAML: users, operatorHash: "x", assets: &assets)
        }
        // Also without the operator's hash: the name is reserved either way.
        #expect(throws: expected) { try WebConfigRenderer.render(sx, usersYAML: users, assets: &assets) }
        #expect(expected.conditionReason == "ReservedUserName")

        var snap = try Self.snapshot(OperatorCredentials(password: "p", hash: Self.storedHash))
        snap.webUsers = users
        #expect(throws: expected) { try SextantPlanner.plan(snap) }

        // The status names the reason.
        var observation = SextantObservation(generation: 3, shards: [], reconcileError: "\(expected)")
        observation.reconcileReason = expected.conditionReason
        let status = SextantStatusBuilder.build(previous: nil, observation, now: "2026-12-07T00:00:00Z")
        let reconciled = try #require(status.conditions?.first { $0.type == "Reconciled" })
        #expect(reconciled.status == "False")
        #expect(reconciled.reason == "ReservedUserName")
        #expect(reconciled.message?.contains("sextant-operator") == true)
    }

    // MARK: The plan

    @Test func planAppliesTheOwnedSecretBeforeTheWebConfig() throws {
        var rng = CountingRNG()
        let password = OperatorCredentials.generatePassword(using: &rng)
        let plan = try SextantPlanner.plan(
            try Self.snapshot(OperatorCredentials(password: password, hash: Self.storedHash)))
        let names = plan.objects.map { "\($0.kind)/\($0.metadata.name ?? "")" }
        let credentials = try #require(names.firstIndex(of: "Secret/sextant-secure-operator-credentials"))
        let assets = try #require(names.firstIndex(of: "Secret/sextant-secure-assets"))
        let set = try #require(names.firstIndex(of: "StatefulSet/sextant-secure"))
        #expect(credentials < assets && assets < set)
        let secret = plan.objects[credentials]
        try Golden.check(
            try YAMLWriter.encodeDocuments([secret]), repoPath: Golden.golden("operator-credentials-secret.yaml"))
        #expect(secret.metadata.ownerReferences?.first?.uid == "0b7c6a55-1f0e-4f5e-9d7a-2d5c1d6a9e01")
        #expect(secret.metadata.ownerReferences?.first?.controller == true)
        #expect(secret.metadata.labels?[OperatorCredentials.label] == "operator")
        // What the Secret holds reads back as the same credentials.
        guard case .secret(let data) = secret.body else {
            Issue.record("not a Secret")
            return
        }
        let decoded = data.compactMapValues { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(decoded[OperatorCredentials.usernameKey] == "sextant-operator")
        let expected = OperatorCredentials(password: password, hash: Self.storedHash)
        #expect(OperatorCredentials(secretData: decoded) == expected)
        #expect(Self.webConfig(in: plan)?.contains("sextant-operator: \(Self.storedHash)") == true)
    }

    /// Two reconciles over the same Secret render the same objects; only a new password moves the input hash.
    @Test func hashIsStableAcrossReconciles() throws {
        let hasher = FakeHasher()
        var rng = SystemRandomNumberGenerator()
        // First reconcile: no Secret yet, a password is made and hashed once.
        let first = OperatorCredentials.resolve(stored: nil, hasher: hasher, paused: false, using: &rng)
        #expect(first.made)
        let made = try #require(first.credentials)
        #expect(hasher.made.withLock { $0 } == 1)
        let planA = try SextantPlanner.plan(try Self.snapshot(made))

        // Later reconciles read the Secret the first one applied: nothing is hashed again, nothing changes.
        let secret = planA.objects.first { $0.metadata.name == "sextant-secure-operator-credentials" }
        guard case .secret(let data)? = secret?.body else {
            Issue.record("no credentials Secret in the plan")
            return
        }
        let stored = data.compactMapValues { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }
        for _ in 0..<3 {
            let again = OperatorCredentials.resolve(stored: stored, hasher: hasher, paused: false, using: &rng)
            #expect(!again.made)
            #expect(again.credentials == made)
            let planB = try SextantPlanner.plan(try Self.snapshot(again.credentials))
            #expect(planB.inputHash == planA.inputHash)
            #expect(planB.objects == planA.objects)
        }
        #expect(hasher.made.withLock { $0 } == 1)

        // A Secret whose hash is missing or does not match its password gets one new hash, same password.
        var edited = stored
        edited[OperatorCredentials.hashKey] = nil
        let rehashed = OperatorCredentials.resolve(stored: edited, hasher: hasher, paused: false, using: &rng)
        #expect(rehashed.credentials?.password == made.password && rehashed.credentials?.hash != made.hash)
        edited[OperatorCredentials.hashKey] = "fake(other)salt9"
        let mismatched = OperatorCredentials.resolve(stored: edited, hasher: hasher, paused: false, using: &rng)
        #expect(mismatched.credentials?.password == made.password)
        #expect(hasher.made.withLock { $0 } == 3)

        // A deleted Secret: a new password, a new web config, a new input hash.
        let replaced = try #require(
            OperatorCredentials.resolve(stored: nil, hasher: hasher, paused: false, using: &rng).credentials)
        #expect(replaced.password != made.password)
        let planC = try SextantPlanner.plan(try Self.snapshot(replaced))
        #expect(planC.inputHash != planA.inputHash)
        #expect(Self.webConfig(in: planC) != Self.webConfig(in: planA))

        // A paused Sextant gets none (nothing would be applied to keep it); an empty password counts as none.
        #expect(OperatorCredentials.resolve(stored: nil, hasher: hasher, paused: true, using: &rng).credentials == nil)
        #expect(OperatorCredentials.resolve(stored: ["password": ""], hasher: hasher, paused: false, using: &rng).made)
    }

    /// No `basicAuthUsers`: no operator user and no credentials Secret, whatever the snapshot holds.
    @Test func withoutBasicAuthUsersNothingIsAdded() throws {
        var snap = try Self.snapshot(OperatorCredentials(password: "p", hash: Self.storedHash))
        snap.sextant.spec.web?.basicAuthUsers = nil
        let plan = try SextantPlanner.plan(snap)
        #expect(!plan.objects.contains { $0.metadata.name == "sextant-secure-operator-credentials" })
        #expect(Self.webConfig(in: plan)?.contains("sextant-operator") == false)
        // Credentials whose hash is not made yet are not rendered either.
        let unhashed = try SextantPlanner.plan(try Self.snapshot(OperatorCredentials(password: "p", hash: "")))
        #expect(Self.webConfig(in: unhashed)?.contains("sextant-operator") == false)
    }

    @Test func passwordsAre256RandomBitsInHex() {
        var rng = SystemRandomNumberGenerator()
        let a = OperatorCredentials.generatePassword(using: &rng)
        let b = OperatorCredentials.generatePassword(using: &rng)
        #expect(a.count == 64 && a.allSatisfy(\.isHexDigit) && a == a.lowercased())
        #expect(a != b)
        #expect(!"\(BasicCredentials(username: "u", password: a))".contains(a))
        #expect(!"\(OperatorCredentials(password: a, hash: "h"))".contains(a))
    }
}
