import Foundation
import Testing

@testable import Operator

/// Leader election's pure rules: who may write the lease, and what they write.
struct LeaseDecisionTests {
    static let held = LeaseRecord(
        holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: "t0", renewTime: "t1", leaseTransitions: 2)

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var current: LeaseRecord?
        var identity: String
        var sinceObserved: Duration
        var writes: Bool
        var transitions: Int?
    }

    @Test(arguments: [
        Case(description: "no lease: create it", current: nil, identity: "b", sinceObserved: .zero, writes: true, transitions: 0),
        Case(description: "held and fresh: wait", current: held, identity: "b", sinceObserved: .seconds(14), writes: false, transitions: nil),
        Case(description: "held and expired: take over", current: held, identity: "b", sinceObserved: .seconds(15), writes: true, transitions: 3),
        Case(description: "own lease: renew", current: held, identity: "a", sinceObserved: .seconds(1), writes: true, transitions: 2),
        Case(
            description: "released: take at once",
            current: LeaseDecision.released(held, now: "t2"), identity: "b", sinceObserved: .zero, writes: true, transitions: 3),
    ])
    func decide(_ c: Case) {
        let d = LeaseDecision.decide(
            current: c.current, sinceObservedChange: c.sinceObserved, identity: c.identity, leaseDuration: .seconds(15),
            now: "now")
        switch d {
        case .wait(let holder):
            #expect(!c.writes)
            #expect(holder == "a")
        case .write(let r):
            #expect(c.writes)
            #expect(r.holderIdentity == c.identity)
            #expect(r.renewTime == "now")
            #expect(r.leaseDurationSeconds == 15)
            #expect(r.leaseTransitions == c.transitions)
            // Renewing keeps the acquire time; a new holder sets it.
            #expect(r.acquireTime == (c.current?.holderIdentity == c.identity ? "t0" : "now"))
        }
    }

    @Test func releaseClearsTheHolder() {
        let r = LeaseDecision.released(Self.held, now: "t9")
        #expect(r.holderIdentity == "")
        #expect(r.leaseDurationSeconds == 1)
        #expect(r.leaseTransitions == 2)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000000Z"), (1.5, "1970-01-01T00:00:01.500000Z"),
        (1_795_000_000.25, "2026-11-18T11:06:40.250000Z"),
    ])
    func microTimeHasSixDigits(seconds: Double, text: String) {
        #expect(LeaseRecord.microTime(Date(timeIntervalSince1970: seconds)) == text)
    }
}
