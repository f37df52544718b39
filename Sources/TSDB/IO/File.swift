#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file-system operation, naming the operation, the path and the OS error.
struct IOError: Error, Sendable, CustomStringConvertible {
    var operation: String
    var path: String
    var errno: Int32

    var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}

/// A thin owner of a POSIX file descriptor, closed when the last reference goes away.
final class File: Sendable {
    let fd: Int32
    let path: String

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(IOError) -> File {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw IOError(operation: "open", path: path, errno: errno) }
        return File(fd: fd, path: path)
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Writes all of `bytes`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(operation: "write", path: path, errno: errno)
            }
            done += n
        }
    }

    func write(_ bytes: [UInt8]) throws(IOError) {
        if bytes.isEmpty { return }
        let result = bytes.withUnsafeBytes { p -> Result<Void, IOError> in
            do throws(IOError) { try write(p) } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
    }

    /// Reads up to `count` bytes at the current position; fewer only at the end of the file.
    func read(upTo count: Int, into buffer: inout [UInt8]) throws(IOError) -> Int {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(count)
        var total = 0
        var failure: Int32 = 0
        buffer.append(contentsOf: repeatElement(0, count: count))
        buffer.withUnsafeMutableBytes { p in
            while total < count {
                let n = Glibc.read(fd, p.baseAddress! + total, count - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }
                total += n
            }
        }
        if failure != 0 { throw IOError(operation: "read", path: path, errno: failure) }
        buffer.removeLast(count - total)
        return total
    }

    func sync() throws(IOError) {
        if fsync(fd) != 0 { throw IOError(operation: "fsync", path: path, errno: errno) }
    }

    func size() throws(IOError) -> Int {
        var st = stat()
        if fstat(fd, &st) != 0 { throw IOError(operation: "stat", path: path, errno: errno) }
        return Int(st.st_size)
    }

    func truncate(to size: Int) throws(IOError) {
        if ftruncate(fd, off_t(size)) != 0 { throw IOError(operation: "truncate", path: path, errno: errno) }
    }

    deinit { _ = Glibc.close(fd) }
}

/// Directory helpers over POSIX calls.
enum FileSystem {
    static func createDirectory(_ path: String) throws(IOError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw IOError(operation: "mkdir", path: path, errno: errno) }
    }

    /// Names of the entries of `path`, excluding `.` and `..`.
    static func list(_ path: String) throws(IOError) -> [String] {
        guard let dir = opendir(path) else { throw IOError(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func remove(_ path: String) throws(IOError) {
        if unlink(path) != 0 && errno != ENOENT { throw IOError(operation: "unlink", path: path, errno: errno) }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// fsyncs a directory so that created or removed entries survive a power loss.
    static func syncDirectory(_ path: String) throws(IOError) {
        let f = try File.open(path, flags: O_RDONLY | O_DIRECTORY)
        try f.sync()
    }
}
