import Storage
import Synchronization

/// The open WAL of a database, shared by all appenders; serialises writes.
final class WALLog: Sendable {
    private let writer: Mutex<WALWriter?>

    init(_ writer: consuming WALWriter) {
        self.writer = Mutex(writer)
    }

    /// Writes the records of one commit; after `close()` every commit fails.
    func log(_ records: [[UInt8]]) throws(AppendError) {
        if records.isEmpty { return }
        try writer.withLock { (w: inout WALWriter?) throws(AppendError) in
            guard w != nil else { throw AppendError.storage("TSDB is closed; cannot write the WAL") }
            do throws(WALError) { try w!.log(records) } catch { throw AppendError.storage("\(error)") }
        }
    }

    /// The records of a commit: new series first, so that replay knows every ref its samples use.
    static func records(newSeries: [MemSeries], samples: [HeadAppender.PendingSample]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        if !newSeries.isEmpty {
            out.append(WALRecord.encodeSeries(newSeries.map { WALRecord.RefSeries(ref: $0.ref, labels: $0.labels) }))
        }
        if !samples.isEmpty {
            out.append(WALRecord.encodeSamples(samples.map {
                WALRecord.RefSample(ref: $0.series.ref, t: $0.t, valueBits: $0.valueBits)
            }))
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
