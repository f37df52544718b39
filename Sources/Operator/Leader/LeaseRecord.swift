import Foundation

/// The spec of a `coordination.k8s.io/v1` Lease, as leader election reads and writes it.
package struct LeaseRecord: Codable, Equatable, Sendable {
    package var holderIdentity: String?
    package var leaseDurationSeconds: Int?
    package var acquireTime: String?
    package var renewTime: String?
    package var leaseTransitions: Int?

    package init(
        holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, acquireTime: String? = nil,
        renewTime: String? = nil, leaseTransitions: Int? = nil
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    /// `MicroTime` as the API writes it: RFC 3339 UTC with exactly six fractional digits.
    static func microTime(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var seconds = t.rounded(.down)
        var micros = Int(((t - seconds) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let frac = String(micros)
        return f.string(from: Date(timeIntervalSince1970: seconds)) + "." + String(repeating: "0", count: 6 - frac.count)
            + frac + "Z"
    }
}

/// The pure part of leader election, as client-go's `tryAcquireOrRenew`: whether this candidate may write the
/// lease, and what to write. Expiry is judged by the *local* time at which the record was last seen to change,
/// never by the timestamps in it, so clock skew between candidates cannot hand the lease to two of them.
package enum LeaseDecision: Equatable, Sendable {
    /// Write this record (create when there was none, else update conditionally on the resourceVersion read).
    case write(LeaseRecord)
    /// Another candidate holds a lease that has not expired.
    case wait(holder: String)

    /// - Parameters:
    ///   - current: the lease as just read (nil: it does not exist).
    ///   - sinceObservedChange: how long ago this candidate first saw `current` (the holder's last renewal
    ///     as observed locally).
    package static func decide(
        current: LeaseRecord?, sinceObservedChange: Duration, identity: String, leaseDuration: Duration,
        now: String
    ) -> LeaseDecision {
        let seconds = Int(leaseDuration.components.seconds)
        guard let current else {
            return .write(
                LeaseRecord(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now,
                    leaseTransitions: 0))
        }
        let holder = current.holderIdentity ?? ""
        let theirDuration = Duration.seconds(current.leaseDurationSeconds ?? seconds)
        if !holder.isEmpty, holder != identity, sinceObservedChange < theirDuration {
            return .wait(holder: holder)
        }
        var next = current
        next.holderIdentity = identity
        next.leaseDurationSeconds = seconds
        next.renewTime = now
        if holder != identity {
            next.acquireTime = now
            next.leaseTransitions = (current.leaseTransitions ?? 0) + 1
        }
        return .write(next)
    }

    /// What a leader writes on a clean shutdown so a standby takes over at once instead of after the lease
    /// expires (client-go's `ReleaseOnCancel`).
    package static func released(_ current: LeaseRecord, now: String) -> LeaseRecord {
        var r = current
        r.holderIdentity = ""
        r.leaseDurationSeconds = 1
        r.renewTime = now
        return r
    }
}
