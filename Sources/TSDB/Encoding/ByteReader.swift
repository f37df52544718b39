/// Consumes big-endian integers, varints and length-prefixed strings from a byte slice.
///
/// `read*` advance; a short input throws `DecodeError` with the offset, never traps.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset >= bytes.endIndex }
    var remaining: Int { bytes.endIndex - offset }
    /// Offset from the start of the slice, for error messages.
    var position: Int { offset - bytes.startIndex }

    mutating func readByte() throws(DecodeError) -> UInt8 {
        guard offset < bytes.endIndex else { throw DecodeError(reason: "unexpected end reading a byte", offset: position) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBE64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { throw DecodeError(reason: "unexpected end reading 8 bytes", offset: position) }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return v
    }

    mutating func readUvarint() throws(DecodeError) -> UInt64 {
        let start = position
        var o = offset
        let end = bytes.endIndex
        let b = bytes
        let v = Varint.readUvarint {
            guard o < end else { return nil }
            defer { o += 1 }
            return b[o]
        }
        guard let v else { throw DecodeError(reason: "invalid or truncated varint", offset: start) }
        offset = o
        return v
    }

    mutating func readVarint() throws(DecodeError) -> Int64 {
        Varint.unzigzag(try readUvarint())
    }

    mutating func readUvarintString() throws(DecodeError) -> String {
        let start = position
        let n = try readUvarint()
        guard n <= UInt64(remaining) else {
            throw DecodeError(reason: "string of \(n) bytes exceeds the \(remaining) left", offset: start)
        }
        let s = String(decoding: bytes[offset..<offset + Int(n)], as: UTF8.self)
        offset += Int(n)
        return s
    }
}

/// A malformed encoded structure, with the offset of the problem inside it.
struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    var offset: Int
    var description: String { "\(reason) at offset \(offset)" }
}

/// Appends big-endian integers, varints and length-prefixed strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func writeByte(_ b: UInt8) { bytes.append(b) }

    mutating func writeBE64(_ v: UInt64) {
        for i in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(i))) }
    }

    mutating func writeUvarint(_ v: UInt64) { Varint.writeUvarint(v, to: &bytes) }
    mutating func writeVarint(_ v: Int64) { Varint.writeVarint(v, to: &bytes) }

    mutating func writeUvarintString(_ s: String) {
        let utf8 = s.utf8
        writeUvarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}
