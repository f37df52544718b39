import Logging
import PromModel
import Synchronization

/// Reports chunks and series of a block that fail their checksums when a query reads them (the structure was
/// checked at open, the chunk data is not: reading every chunk at start-up would read the whole block).
///
/// The query goes on without the damaged chunk; the log names the block, the series and the chunk reference,
/// once per block, so that a bad disk does not flood the log. Thread-safe.
final class BlockCorruptionReporter: Sendable {
    private let logger: Logger
    private let reported = Mutex<Set<String>>([])
    let count = Atomic<Int>(0)

    init(logger: Logger) { self.logger = logger }

    func corruptChunk(block: String, ref: UInt64, labels: Labels) {
        report(block: block, what: "chunk \(ref) of series \(labels) fails its checksum or is cut short")
    }

    func corruptSeries(block: String, ref: UInt64) {
        report(block: block, what: "index series entry \(ref) does not decode")
    }

    private func report(block: String, what: String) {
        count.add(1, ordering: .relaxed)
        let first = reported.withLock { $0.insert(block).inserted }
        guard first else { return }
        logger.error(
            "corrupt block data skipped by a query; later ones in this block are only counted",
            metadata: ["ulid": "\(block)", "reason": "\(what)"])
    }
}
