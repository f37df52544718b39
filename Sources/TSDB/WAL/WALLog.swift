import Storage
import Synchronization

/// The open WAL of a database, shared by all appenders; serialises writes.
final class WALLog: Sendable {
    private let writer: Mutex<WALWriter?>
    /// `prometheus_tsdb_wal_writes_failed_total`: commits whose records could not be written.
    let writesFailed = Atomic<Int>(0)

    init(_ writer: consuming WALWriter) {
        self.writer = Mutex(writer)
    }

    /// Writes the records of one commit, then runs `apply` under the same lock; after `close()` every commit fails.
    func log(_ records: [[UInt8]], apply: () -> Void) throws(AppendError) {
        try writer.withLock { (w: inout WALWriter?) throws(AppendError) in
            guard w != nil else { throw AppendError.storage("TSDB is closed; cannot write the WAL") }
            if !records.isEmpty {
                let mark = w!.mark
                do throws(WALError) { try w!.log(records) } catch {
                    writesFailed.add(1, ordering: .relaxed)
                    // Cut the refused batch off the segment; if even that fails, say so: later commits would
                    // land after a torn record, which replay would cut off with them.
                    do throws(WALError) { try w!.rollback(to: mark) } catch let undo {
                        throw AppendError.storage("\(error); undoing the partial write also failed: \(undo)")
                    }
                    throw AppendError.storage("\(error)")
                }
            }
            apply()
        }
    }

    /// Runs `body` with the writer while no commit is in progress.
    func withWriter<R>(_ body: (inout WALWriter) throws(WALError) -> R) throws(WALError) -> R? {
        try writer.withLock { (w: inout WALWriter?) throws(WALError) -> R? in
            guard w != nil else { return nil }
            return try body(&w!)
        }
    }

    /// The records of a commit: new series first, so that replay knows every ref its samples use.
    static func records(
        newSeries: [MemSeries], samples: [HeadAppender.PendingSample], late: [HeadAppender.PendingSample] = [],
        histograms: [HeadAppender.PendingHistogram] = []
    ) -> [[UInt8]] {
        var out: [[UInt8]] = []
        if !newSeries.isEmpty {
            out.append(WALRecord.encodeSeries(newSeries.map { WALRecord.RefSeries(ref: $0.ref, labels: $0.labels) }))
        }
        if !samples.isEmpty {
            out.append(WALRecord.encodeSamples(samples.map {
                WALRecord.RefSample(ref: $0.series.ref, t: $0.t, valueBits: $0.valueBits)
            }))
        }
        if !late.isEmpty {
            out.append(WALRecord.encodeSamples(late.map {
                WALRecord.RefSample(ref: $0.series.ref, t: $0.t, valueBits: $0.valueBits)
            }, type: WALRecord.lateSamplesType))
        }
        if !histograms.isEmpty {
            out += WALRecord.encodeFloatHistograms(histograms.map {
                WALRecord.RefFloatHistogram(ref: $0.series.ref, t: $0.t, h: $0.h)
            })
        }
        return out
    }

    /// Flushes, fsyncs and closes; idempotent.
    func close() throws(WALError) {
        try writer.withLock { (w: inout WALWriter?) throws(WALError) in
            guard w != nil else { return }
            defer { w = nil }
            try w!.sync()
        }
    }

    var currentSegment: Int? { writer.withLock { $0?.segmentIndex } }
}
