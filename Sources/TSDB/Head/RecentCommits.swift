/// The last few commits that appended to a series, for isolation: a querier that started before commit `seq`
/// completed must not see that commit's samples, which are the series' samples from `firstT` on.
///
/// Commits are serialised, so at most one is in flight; four entries cover queriers that take a while to
/// snapshot. Fixed fields rather than an array: one per series, no allocation.
struct RecentCommits: Sendable {
    private var seqs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var firstTs: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
    /// Number of valid entries (≤ 4); entries are kept oldest first.
    private var count = 0

    var lastSeq: UInt64 { count == 0 ? 0 : seq(count - 1) }

    /// Records that commit `seq` appended its first sample for this series at `t`.
    mutating func record(seq: UInt64, firstT t: Int64) {
        if count == 4 {
            seqs = (seqs.1, seqs.2, seqs.3, 0)
            firstTs = (firstTs.1, firstTs.2, firstTs.3, 0)
            count = 3
        }
        switch count {
        case 0: (seqs.0, firstTs.0) = (seq, t)
        case 1: (seqs.1, firstTs.1) = (seq, t)
        case 2: (seqs.2, firstTs.2) = (seq, t)
        default: (seqs.3, firstTs.3) = (seq, t)
        }
        count += 1
    }

    private func seq(_ i: Int) -> UInt64 {
        switch i {
        case 0: return seqs.0
        case 1: return seqs.1
        case 2: return seqs.2
        default: return seqs.3
        }
    }

    private func firstT(_ i: Int) -> Int64 {
        switch i {
        case 0: return firstTs.0
        case 1: return firstTs.1
        case 2: return firstTs.2
        default: return firstTs.3
        }
    }

    /// The newest timestamp visible to a reader that has seen commits up to `visible`: just before the first
    /// sample of the oldest commit it has not seen, or `Int64.max` when it has seen them all.
    func visibleMaxT(_ visible: UInt64) -> Int64 {
        for i in 0..<count where seq(i) > visible { return firstT(i) - 1 }
        return Int64.max
    }
}
