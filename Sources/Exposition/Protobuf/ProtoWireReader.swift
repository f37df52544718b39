/// The protobuf wire types (the low three bits of a field's tag).
enum ProtoWireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// Reads protobuf wire encoding from a window of a body: tags, varints, fixed-width numbers and
/// length-delimited ranges. `read*` consumes and advances; every short or malformed read throws an
/// `ExpositionError` naming the byte offset and the message being decoded, never traps.
///
/// Length-delimited fields come back as ranges into the body, so strings and sub-messages are not copied.
struct ProtoWireReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var pos: Int
    let end: Int
    /// The message being decoded, for error messages ("Histogram", "MetricFamily.metric").
    let message: StaticString

    init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, message: StaticString) {
        self.bytes = bytes
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.message = message
    }

    var atEnd: Bool { pos >= end }

    func error(_ reason: String, at offset: Int? = nil) -> ExpositionError {
        ExpositionError(byteOffset: offset ?? pos, reason: "\(reason) in \(message)")
    }

    /// A base-128 varint of at most 10 bytes (the 10th may only carry the top bit of a UInt64).
    @inline(__always)
    mutating func readVarint() throws(ExpositionError) -> UInt64 {
        // One-byte fast path: tags and small counts.
        if pos < end, bytes[pos] < 0x80 {
            let v = UInt64(bytes[pos])
            pos += 1
            return v
        }
        let start = pos
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while pos < end {
            let byte = bytes[pos]
            pos += 1
            if shift == 63 && byte > 1 { throw error("varint overflows 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw error("truncated varint", at: start)
    }

    /// A field tag: field number and wire type. Field number 0 and unknown wire types are malformed.
    @inline(__always)
    mutating func readTag() throws(ExpositionError) -> (field: UInt64, wire: ProtoWireType) {
        let start = pos
        let key = try readVarint()
        let field = key >> 3
        guard field > 0, let wire = ProtoWireType(rawValue: UInt8(key & 7)) else {
            throw error("invalid field tag \(key)", at: start)
        }
        return (field, wire)
    }

    mutating func readFixed64() throws(ExpositionError) -> UInt64 {
        guard end - pos >= 8 else { throw error("truncated 64-bit field") }
        let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        pos += 8
        return v
    }

    mutating func readFixed32() throws(ExpositionError) -> UInt32 {
        guard end - pos >= 4 else { throw error("truncated 32-bit field") }
        let v = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
        pos += 4
        return v
    }

    /// The range of a length-delimited field's payload (string, bytes, sub-message, packed values).
    mutating func readLengthDelimited() throws(ExpositionError) -> Range<Int> {
        let start = pos
        let n = try readVarint()
        guard n <= UInt64(end - pos) else {
            throw error("length \(n) runs past the end of the enclosing message", at: start)
        }
        let r = pos..<(pos + Int(n))
        pos = r.upperBound
        return r
    }

    /// A `double` field (wire type fixed64).
    mutating func readDouble(_ wire: ProtoWireType) throws(ExpositionError) -> Double {
        guard wire == .fixed64 else { throw error("double field with wire type \(wire.rawValue)") }
        return Double(bitPattern: try readFixed64())
    }

    mutating func readUInt64(_ wire: ProtoWireType) throws(ExpositionError) -> UInt64 {
        guard wire == .varint else { throw error("integer field with wire type \(wire.rawValue)") }
        return try readVarint()
    }

    /// `int64`/`int32`/enum: two's complement in a varint.
    mutating func readInt64(_ wire: ProtoWireType) throws(ExpositionError) -> Int64 {
        Int64(bitPattern: try readUInt64(wire))
    }

    /// `sint32`/`sint64`: zigzag encoded.
    mutating func readSInt64(_ wire: ProtoWireType) throws(ExpositionError) -> Int64 {
        let v = try readUInt64(wire)
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func readMessage(_ wire: ProtoWireType) throws(ExpositionError) -> Range<Int> {
        guard wire == .lengthDelimited else { throw error("embedded message with wire type \(wire.rawValue)") }
        return try readLengthDelimited()
    }

    /// Skips the payload of a field this decoder does not know (forward compatibility).
    mutating func skip(_ wire: ProtoWireType, field: UInt64, depth: Int = 0) throws(ExpositionError) {
        switch wire {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup:
            // Deprecated proto2 groups: skip fields up to the matching end tag.
            guard depth < 32 else { throw error("groups nested too deeply") }
            while true {
                guard !atEnd else { throw error("unterminated group \(field)") }
                let (f, w) = try readTag()
                if w == .endGroup {
                    guard f == field else { throw error("group \(field) ended by tag of field \(f)") }
                    return
                }
                try skip(w, field: f, depth: depth + 1)
            }
        case .endGroup: throw error("unexpected end of group \(field)")
        }
    }
}

/// Calls `body` for every value of a repeated numeric field, in either encoding: one value per tag
/// (proto2's default, which client_model's metrics.proto uses) or packed into one length-delimited run
/// (proto3's default).
@inline(__always)
func forEachRepeated(
    _ r: inout ProtoWireReader, _ wire: ProtoWireType, scalar: ProtoWireType,
    _ read: (inout ProtoWireReader, ProtoWireType) throws(ExpositionError) -> Void
) throws(ExpositionError) {
    if wire == .lengthDelimited {
        let range = try r.readLengthDelimited()
        var packed = ProtoWireReader(r.bytes, range, message: r.message)
        while !packed.atEnd { try read(&packed, scalar) }
    } else {
        try read(&r, wire)
    }
}
