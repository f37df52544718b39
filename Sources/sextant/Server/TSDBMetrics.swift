import Exposition
import PromModel
import TSDB

/// Block, compaction, retention and WAL counters under Prometheus's metric names.
func emitDBStats(_ s: DBStats, into out: inout [UInt8]) {
    var w = ExpositionWriter()
    func family(_ name: String, _ type: MetricType, _ help: String, _ value: Int) {
        w.write(
            MetricFamily(
                name: name, type: type, help: help,
                samples: [ExposedSample(labels: Labels([("__name__", name)]), value: Double(value))]))
    }
    family("prometheus_tsdb_blocks_loaded", .gauge, "Number of currently loaded data blocks", s.blocksLoaded)
    family("prometheus_tsdb_storage_blocks_bytes", .gauge, "The number of bytes that are currently used for local storage by all blocks.", s.blocksBytes)
    family("prometheus_tsdb_compactions_total", .counter, "Total number of compactions that were executed for the partition.", s.compactions)
    family("prometheus_tsdb_compactions_failed_total", .counter, "Total number of compactions that failed for the partition.", s.compactionsFailed)
    family("prometheus_tsdb_time_retentions_total", .counter, "The number of times that blocks were deleted because the maximum time limit was exceeded.", s.timeRetentions)
    family("prometheus_tsdb_size_retentions_total", .counter, "The number of times that blocks were deleted because the maximum number of bytes was exceeded.", s.sizeRetentions)
    family("prometheus_tsdb_wal_corruptions_total", .counter, "Total number of WAL corruptions.", s.walCorruptions)
    family("prometheus_tsdb_checkpoint_creations_total", .counter, "Total number of checkpoint creations attempted.", s.checkpoints)
    family("prometheus_tsdb_wal_writes_failed_total", .counter, "Total number of write log writes that failed.", s.walWritesFailed)
    family("sextant_tsdb_block_corruptions_total", .counter, "Chunks and series of blocks that queries skipped because they failed their checksums.", s.blockCorruptions)
    out.append(contentsOf: w.bytes)
}
