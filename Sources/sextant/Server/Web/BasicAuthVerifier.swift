import Dispatch
import Foundation
import HummingbirdBcrypt
import PromConfig
import Synchronization

/// Checks HTTP basic-auth credentials against `basic_auth_users` (user → bcrypt hash), as exporter-toolkit does.
///
/// bcrypt is slow by design (tens of milliseconds at the usual costs), so a password that verified is remembered
/// for its user and hash: repeated requests with the same credentials compare bytes instead of hashing again.
/// A changed hash in the web config misses the cache. Failures are not cached, so every wrong guess costs a
/// bcrypt; those run one at a time on a queue of their own, off Swift's cooperative pool (exporter-toolkit also
/// serialises them behind a mutex). Unknown users are checked against a fixed hash too, so timing does not tell
/// which user names exist.
///
/// Thread-safe.
final class BasicAuthVerifier: Sendable {
    private struct Key: Hashable {
        var user: String
        var hash: String
    }
    /// (user, hash) → the password bytes that matched that hash. Bounded by the number of configured users:
    /// entries for users or hashes no longer configured are dropped on each insert.
    private let verified = Mutex<[Key: [UInt8]]>([:])
    private let queue = DispatchQueue(label: "sextant.web.bcrypt")

    /// A hash of a random password, checked for unknown users so that they cost as much as known ones
    /// (made on first use; cost 10, as in Prometheus's documentation).
    static let dummyHash = Bcrypt.hash(UUID().uuidString, cost: 10)

    /// Whether the `Authorization` header value carries a user of `users` with the right password.
    func authorize(_ header: String?, users: SortedMap<Secret>) async -> Bool {
        guard let header, let credentials = Self.parseBasic(header) else { return false }
        let (user, password) = credentials
        let bytes = Array(password.utf8)
        guard let hash = users[user]?.value else {
            // Unknown user: spend a bcrypt all the same, then refuse.
            _ = await verify(password, hash: nil)
            return false
        }
        let key = Key(user: user, hash: hash)
        if let cached = verified.withLock({ $0[key] }), Self.constantTimeEqual(cached, bytes) { return true }
        guard await verify(password, hash: hash) else { return false }
        verified.withLock { cache in
            cache = cache.filter { users[$0.key.user]?.value == $0.key.hash }
            cache[key] = bytes
        }
        return true
    }

    /// bcrypt on the queue; nil `hash`: against `dummyHash`, made there too on first use.
    private func verify(_ password: String, hash: String?) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Bcrypt.verify(password, hash: Self.normalized(hash ?? Self.dummyHash)))
            }
        }
    }

    /// `$2y$` (htpasswd, PHP) is the same algorithm as `$2b$`; the bcrypt we link only knows `$2a$`/`$2b$`,
    /// while Go's (Prometheus's) accepts all three.
    static func normalized(_ hash: String) -> String {
        hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
    }

    /// User and password of a `Basic` credential (RFC 7617): the scheme is case-insensitive, the user ends at the
    /// first colon. nil for anything else.
    static func parseBasic(_ header: String) -> (user: String, password: String)? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
