import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted for a test that needs a file system that runs full. Needs root (CAP_SYS_ADMIN);
/// `Tmpfs.available` says whether mounting works here, for `.enabled(if:)`.
public final class Tmpfs: Sendable {
    public let path: String

    /// Mounts a tmpfs of `size` (e.g. "8m") on `path` (created when missing).
    public init(path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) == 0 else {
            throw PeerProcess.StartError(description: "mount -t tmpfs on \(path) failed (needs root)")
        }
        self.path = path
    }

    /// Unmounts (lazily when busy). Idempotent enough for `defer`: a second call fails quietly.
    public func unmount() {
        if Self.run("/bin/umount", [path]) != 0 { Self.run("/bin/umount", ["-l", path]) }
    }

    /// Whether a tmpfs can be mounted here.
    public static let available: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-tmpfs-probe-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard let t = try? Tmpfs(path: probe, size: "1m") else { return false }
        t.unmount()
        return true
    }()

    /// Writes zeros into `file` until the file system refuses; returns the bytes written.
    @discardableResult
    public static func fill(_ file: String) -> Int {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            let n = block.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            total += n
        }
        var one: UInt8 = 0
        while write(fd, &one, 1) == 1 { total += 1 }
        return total
    }

    @discardableResult
    static func run(_ tool: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
