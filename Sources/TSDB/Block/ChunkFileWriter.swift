#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a block's `chunks/` files (format in Docs/block.md).
struct ChunkFileWriter {
    static let magic: [UInt8] = [0x85, 0xBD, 0x40, 0xDD, 1, 0, 0, 0]
    static let maxFileSize = 512 * 1024 * 1024

    let directory: String
    private var index = -1
    private var buffer: [UInt8] = []
    /// Bytes of the current file already written out.
    private var written = 0
    private var file: File?

    init(directory: String) throws(IOError) {
        self.directory = directory
        try FileSystem.createDirectory(directory)
    }

    static func name(_ index: Int) -> String {
        let s = String(index + 1)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    /// Appends a chunk and returns its reference.
    mutating func write(_ chunk: [UInt8], encoding: ChunkEncoding = .xor) throws(IOError) -> UInt64 {
        var entry = ByteWriter()
        entry.writeUvarint(UInt64(chunk.count))
        let encodingAt = entry.bytes.count
        entry.writeByte(encoding.rawValue)
        entry.bytes.append(contentsOf: chunk)
        let crc = CRC32C.checksum(entry.bytes[encodingAt...])
        for s in [24, 16, 8, 0] { entry.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(s))) }
        if file == nil || written + buffer.count + entry.bytes.count > Self.maxFileSize { try cut() }
        let ref = UInt64(index) << 32 | UInt64(written + buffer.count)
        buffer.append(contentsOf: entry.bytes)
        if buffer.count >= 1 << 20 {
            try file!.write(buffer)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        return ref
    }

    private mutating func cut() throws(IOError) {
        try finishFile()
        index += 1
        file = try File.open("\(directory)/\(Self.name(index))", flags: O_WRONLY | O_CREAT | O_TRUNC)
        buffer = Self.magic
        written = 0
    }

    private mutating func finishFile() throws(IOError) {
        guard let f = file else { return }
        try f.write(buffer)
        try f.sync()
        file = nil
    }

    mutating func close() throws(IOError) {
        if file == nil { try cut() }  // an empty block still has one chunk file
        try finishFile()
    }
}
