/// Decodes an XOR chunk sample by sample without allocating.
///
/// Call `next()` or `seek(_:)`; while they return true, `t` and `v` hold the current sample. A corrupt chunk
/// ends iteration early and sets `error`.
struct XORIterator: Sendable {
    private var reader: BitReader
    private let total: Int
    private(set) var numRead = 0
    private(set) var t: Int64 = Int64.min
    private(set) var valueBits: UInt64 = 0
    private var tDelta: UInt64 = 0
    private var leading: UInt8 = 0
    private var trailing: UInt8 = 0
    /// Set when the stream ends before the header's sample count.
    private(set) var error: ChunkError?

    init(bytes: [UInt8]) {
        if bytes.count < XORChunk.headerSize {
            total = 0
            error = .tooShort(bytes.count)
        } else {
            total = Int(bytes[0]) << 8 | Int(bytes[1])
        }
        reader = BitReader(bytes, offset: XORChunk.headerSize)
    }

    var v: Double { Double(bitPattern: valueBits) }
    var numSamples: Int { total }

    /// Advances to the first sample with timestamp ≥ `target`; stays put when already there.
    mutating func seek(_ target: Int64) -> Bool {
        if error != nil { return false }
        while numRead == 0 || t < target {
            if !next() { return false }
        }
        return true
    }

    mutating func next() -> Bool {
        if error != nil || numRead >= total { return false }
        switch numRead {
        case 0:
            guard let t0 = Varint.readVarint({ reader.readByte() }), let v0 = reader.readBits(64) else {
                return fail()
            }
            t = t0
            valueBits = v0
        case 1:
            guard let d = Varint.readUvarint({ reader.readByte() }) else { return fail() }
            tDelta = d
            t = t &+ Int64(bitPattern: d)
            if !readValue() { return fail() }
        default:
            var prefix = 0
            for _ in 0..<4 {
                guard let bit = reader.readBit() else { return fail() }
                prefix <<= 1
                if !bit { break }
                prefix |= 1
            }
            let size: Int
            switch prefix {
            case 0b0: size = 0
            case 0b10: size = 14
            case 0b110: size = 17
            case 0b1110: size = 20
            default: size = 64
            }
            var dod: Int64 = 0
            if size > 0 {
                guard let bits = reader.readBits(size) else { return fail() }
                if size == 64 {
                    dod = Int64(bitPattern: bits)
                } else {
                    // Sign-extend the two's complement payload (see the asymmetric ranges in chunks.md).
                    dod = bits > UInt64(1) << (size - 1) ? Int64(bits) - Int64(1) << size : Int64(bits)
                }
            }
            tDelta = tDelta &+ UInt64(bitPattern: dod)
            t = t &+ Int64(bitPattern: tDelta)
            if !readValue() { return fail() }
        }
        numRead += 1
        return true
    }

    @inline(__always)
    private mutating func readValue() -> Bool {
        XORValue.read(&valueBits, leading: &leading, trailing: &trailing, from: &reader)
    }

    private mutating func fail() -> Bool {
        error = .truncated(sample: numRead, of: total)
        return false
    }
}

/// A chunk that cannot be decoded.
enum ChunkError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooShort(Int)
    case truncated(sample: Int, of: Int)

    var description: String {
        switch self {
        case .tooShort(let n): return "chunk of \(n) bytes is shorter than its 2-byte header"
        case .truncated(let i, let n): return "chunk ends in sample \(i) of \(n) its header announces"
        }
    }
}
