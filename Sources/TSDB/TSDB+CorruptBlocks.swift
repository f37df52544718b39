#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

extension TSDB {
    /// Suffix of a block directory set aside because it is damaged (`<ULID>.corrupted`); never opened again,
    /// left for an operator to inspect or delete.
    static let corruptedSuffix = ".corrupted"

    /// Opens and checks the block in `path`. A damaged block (unreadable or missing meta.json, index or chunk
    /// file, failed checksums, chunk references beyond a file's end) is renamed to `<ULID>.corrupted` and logged
    /// with the reason; the database starts without it. A block that fails for a reason that may pass (out of
    /// file descriptors or memory, permissions) is skipped but left in place.
    static func openVerifiedBlock(
        _ path: String, ulid: String, logger: Logger, corruption: BlockCorruptionReporter?
    ) -> Block? {
        do throws(BlockError) {
            let block = try Block(directory: path, corruption: corruption)
            try block.verify()
            return block
        } catch {
            guard isCorruption(error) else {
                logger.error(
                    "cannot open block; skipping it for now", metadata: ["ulid": "\(ulid)", "reason": "\(error)"])
                return nil
            }
            let aside = path + corruptedSuffix
            let moved = rename(path, aside) == 0
            logger.error(
                moved
                    ? "corrupt block moved aside; its samples are not queryable"
                    : "corrupt block skipped (cannot move it aside); its samples are not queryable",
                metadata: [
                    "ulid": "\(ulid)", "reason": "\(error)", "moved_to": "\(moved ? aside : "-")",
                ])
            return nil
        }
    }

    private static func isCorruption(_ error: BlockError) -> Bool {
        switch error {
        case .invalid: return true
        case .io(let e): return e.errno == ENOENT || e.errno == ENOTDIR
        }
    }
}
