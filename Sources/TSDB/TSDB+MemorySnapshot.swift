import Logging

extension TSDB {
    /// At open, before the WAL replay: loads the newest head snapshot when the feature is on and the snapshot is
    /// newer than the WAL checkpoint, and returns the WAL position it covers (replay starts there). A snapshot
    /// that is stale, damaged or not wanted is deleted: the WAL it would have replaced is still complete.
    static func loadHeadSnapshot(
        into head: Head, directory: String, enabled: Bool, logger: Logger
    ) -> (segment: Int, offset: Int)? {
        guard let newest = HeadSnapshot.list(directory).last else {
            HeadSnapshot.removeAll(in: directory)  // unfinished ones
            return nil
        }
        guard enabled else {
            logger.info("removing head snapshot: memory-snapshot-on-shutdown is not enabled", metadata: ["dir": "\(newest.name)"])
            HeadSnapshot.removeAll(in: directory)
            return nil
        }
        let checkpoint = (try? WALCheckpoint.list(directory + "/wal"))?.last ?? -1
        guard newest.segment > checkpoint else {
            logger.info(
                "removing head snapshot older than the WAL checkpoint",
                metadata: ["dir": "\(newest.name)", "checkpoint": "\(checkpoint)"])
            HeadSnapshot.removeAll(in: directory)
            return nil
        }
        let start = ContinuousClock.now
        let content: HeadSnapshot.Content
        do {
            content = try HeadSnapshot.read("\(directory)/\(newest.name)")
        } catch {
            logger.warning(
                "head snapshot unusable; replaying the whole WAL instead",
                metadata: ["dir": "\(newest.name)", "reason": "\(error)"])
            HeadSnapshot.removeAll(in: directory)
            return nil
        }
        let loaded = head.load(content)
        logger.info(
            "head snapshot loaded",
            metadata: [
                "dir": "\(newest.name)", "series": "\(loaded.series)", "samples": "\(loaded.samples)",
                "duration": "\(ContinuousClock.now - start)",
            ])
        return (newest.segment, newest.offset)
    }

    /// On close, after the WAL is synced: writes the head snapshot for the WAL's end when the feature is on.
    /// A failure is logged, not thrown: the WAL still holds everything.
    func writeHeadSnapshot(walSegment: Int) {
        guard options.memorySnapshotOnShutdown, let directory else { return }
        let start = ContinuousClock.now
        let offset = (try? File.open(WALSegments.path(directory + "/wal", walSegment), flags: 0).size()) ?? 0
        do throws(WALError) {
            let r = try HeadSnapshot.write(head: head, dataDir: directory, segment: walSegment, offset: offset)
            logger.info(
                "head snapshot written",
                metadata: ["dir": "\(r.name)", "series": "\(r.series)", "duration": "\(ContinuousClock.now - start)"])
        } catch {
            logger.error("writing the head snapshot failed; the next start replays the WAL", metadata: ["error": "\(error)"])
        }
    }
}
