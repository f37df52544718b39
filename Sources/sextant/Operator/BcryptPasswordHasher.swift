import HummingbirdBcrypt
import Operator
import Synchronization

/// bcrypt for the operator's own passwords (`OperatorCredentials`), with hummingbird-auth's implementation, the
/// one the server verifies with.
///
/// Cost 10, as in Prometheus's web configuration documentation and the server's own dummy hash: the password
/// is 256 random bits, so the cost guards nothing an attacker could guess, while every server verifies it once
/// per process (it remembers passwords that matched). A pair that verified is remembered, so the reconcile's
/// check of a stored hash costs one bcrypt per operator process, not one per pass. Thread-safe.
final class BcryptPasswordHasher: PasswordHasher {
    static let cost: UInt8 = 10

    private struct Pair: Hashable {
        var password: String
        var hash: String
    }
    private let verified = Mutex<Set<Pair>>([])

    func hash(_ password: String) -> String {
        let hash = Bcrypt.hash(password, cost: Self.cost)
        verified.withLock { _ = $0.insert(Pair(password: password, hash: hash)) }
        return hash
    }

    func verify(_ password: String, hash: String) -> Bool {
        let pair = Pair(password: password, hash: hash)
        if verified.withLock({ $0.contains(pair) }) { return true }
        guard Bcrypt.verify(password, hash: hash) else { return false }
        verified.withLock { set in
            // One entry per managed Sextant; a bound keeps rotated pairs from piling up.
            if set.count > 1024 { set.removeAll() }
            set.insert(pair)
        }
        return true
    }
}
