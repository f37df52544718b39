import Foundation

/// The operator's own basic-auth user on the servers of a `Sextant` with `spec.web.basicAuthUsers`, so that it
/// can read their status endpoints.
///
/// The password is random (`generatePassword`) and kept, with its bcrypt hash, in a Secret the `Sextant` owns
/// (`ServerNames.operatorCredentialsSecret`). The hash is stored rather than made on each reconcile because a
/// bcrypt hash has a random salt: re-hashing would change the web config, and with it the input hash, on every
/// pass. The web config lists the user under `username`, next to the user's own users.
package struct OperatorCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The reserved user name; a `basicAuthUsers` Secret that names it is rejected.
    package static let username = "sextant-operator"
    /// Secret keys.
    package static let usernameKey = "username"
    package static let passwordKey = "password"
    package static let hashKey = "password.bcrypt"
    /// Marks the Secret, so that deleting it re-queues its `Sextant` (the value is always `operator`).
    package static let label = "sextant.dev/credentials"

    package var password: String
    /// bcrypt of `password`; empty when not made yet.
    package var hash: String

    package init(password: String, hash: String) {
        self.password = password
        self.hash = hash
    }

    /// Never the password: these values may end up in logs and errors.
    package var description: String { "OperatorCredentials(username: \(Self.username), hash: \(hash))" }

    /// The credentials in a Secret's (base64-decoded) data; nil without a non-empty password. A missing hash
    /// is returned as empty, for the caller to make.
    package init?(secretData data: [String: String]) {
        guard let password = data[Self.passwordKey], !password.isEmpty else { return nil }
        self.init(password: password, hash: data[Self.hashKey] ?? "")
    }

    /// 32 bytes of `rng` as 64 lower-case hex digits (256 bits, under bcrypt's 72-byte input limit, and safe in
    /// any header). Pass `SystemRandomNumberGenerator`, a CSPRNG (getrandom(2) on Linux, arc4random on Darwin).
    package static func generatePassword(using rng: inout some RandomNumberGenerator) -> String {
        var out = ""
        for _ in 0..<4 {
            let word = rng.next() as UInt64
            let hex = String(word, radix: 16)
            out += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return out
    }

    /// The credentials to use given the Secret's data (`stored` nil: no Secret): the stored ones, their hash
    /// re-made only when missing or not matching the password, so the rendered web config stays the same from
    /// one reconcile to the next; else a new password from `rng`, except for a paused `Sextant` (nothing is
    /// applied for it, so nothing would keep the password). `made` is true for a new password.
    package static func resolve(
        stored: [String: String]?, hasher: any PasswordHasher, paused: Bool,
        using rng: inout some RandomNumberGenerator
    ) -> (credentials: OperatorCredentials?, made: Bool) {
        if var found = stored.flatMap(OperatorCredentials.init(secretData:)) {
            if found.hash.isEmpty || !hasher.verify(found.password, hash: found.hash) {
                found.hash = hasher.hash(found.password)
            }
            return (found, false)
        }
        guard !paused else { return (nil, false) }
        let password = generatePassword(using: &rng)
        return (OperatorCredentials(password: password, hash: hasher.hash(password)), true)
    }

    /// The Secret holding these credentials, owned by `sx` (the garbage collector removes it with the `Sextant`).
    package func secret(for sx: Sextant) -> KubeObject {
        let names = ServerNames(sx)
        var meta = ObjectMeta(
            name: names.operatorCredentialsSecret, namespace: names.namespace,
            labels: names.commonLabels.merging([Self.label: "operator"]) { a, _ in a })
        meta.ownerReferences = sx.metadata.uid.map {
            [
                OwnerReference(
                    apiVersion: "\(APIGroup.sextant)/\(APIGroup.serverVersion)", kind: "Sextant", name: sx.name,
                    uid: $0, controller: true, blockOwnerDeletion: true)
            ]
        }
        let data = [Self.usernameKey: Self.username, Self.passwordKey: password, Self.hashKey: hash]
        return KubeObject(
            apiVersion: "v1", kind: "Secret", metadata: meta,
            body: .secret(data.mapValues { Data($0.utf8).base64EncodedString() }))
    }
}

/// A user name and password the operator sends as `Authorization: Basic …`.
package struct BasicCredentials: Sendable, Hashable, CustomStringConvertible {
    package var username: String
    package var password: String

    package init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Never the password: these values end up in logs and errors.
    package var description: String { "BasicCredentials(username: \(username))" }
}

/// Makes and checks bcrypt hashes for the operator's credentials. Declared here, implemented by the executable
/// (the operator module links no bcrypt); tests pass a fake.
package protocol PasswordHasher: Sendable {
    /// A new bcrypt hash of `password` (random salt: two calls differ).
    func hash(_ password: String) -> String
    /// Whether `hash` is a bcrypt hash of `password`.
    func verify(_ password: String, hash: String) -> Bool
}
