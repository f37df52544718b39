/// A Gorilla-compressed chunk of float samples, byte-compatible with Prometheus's XOR chunk.
/// The format is described in `Docs/chunks.md`.
///
/// A value type: copying it is cheap (copy-on-write bytes), so a reader can snapshot a chunk that an appender
/// keeps growing.
struct XORChunk: Sendable {
    static let headerSize = 2
    /// An encoded chunk with no samples.
    static let emptyBytes: [UInt8] = [0, 0]
    /// The header is 16 bits.
    static let maxSamples = Int(UInt16.max)

    // Field order packs the small fields after the writer's byte: one chunk per series is open in the head.
    private var stream: BitWriter
    private var leading: UInt8 = 0xff
    private var trailing: UInt8 = 0
    // Encoder state; meaningless until the first append.
    private(set) var lastT: Int64 = 0
    private(set) var lastValueBits: UInt64 = 0
    private var tDelta: UInt64 = 0

    /// Samples in the chunk, read from its 16-bit header (not stored twice).
    var numSamples: Int { Int(stream.bytes[0]) << 8 | Int(stream.bytes[1]) }

    init() {
        stream = BitWriter(bytes: [0, 0])
    }

    /// The encoded chunk: header plus bit stream.
    var bytes: [UInt8] { stream.bytes }

    /// Appends a sample. The caller guarantees `t` is after the previous sample and `numSamples < maxSamples`.
    mutating func append(t: Int64, v: Double) {
        let vbits = v.bitPattern
        switch numSamples {
        case 0:
            // Varints of the first two timestamps are written whole bytes (the stream is aligned there).
            writeUvarintBytes(Varint.zigzag(t))
            stream.writeBits(vbits, 64)
        case 1:
            tDelta = UInt64(bitPattern: t &- lastT)
            writeUvarintBytes(tDelta)
            writeValue(vbits)
        default:
            let delta = UInt64(bitPattern: t &- lastT)
            let dod = Int64(bitPattern: delta &- tDelta)
            if dod == 0 {
                stream.writeBit(false)
            } else if Self.fits(dod, 14) {
                stream.writeBits(0b10, 2)
                stream.writeBits(UInt64(bitPattern: dod), 14)
            } else if Self.fits(dod, 17) {
                stream.writeBits(0b110, 3)
                stream.writeBits(UInt64(bitPattern: dod), 17)
            } else if Self.fits(dod, 20) {
                stream.writeBits(0b1110, 4)
                stream.writeBits(UInt64(bitPattern: dod), 20)
            } else {
                stream.writeBits(0b1111, 4)
                stream.writeBits(UInt64(bitPattern: dod), 64)
            }
            tDelta = delta
            writeValue(vbits)
        }
        lastT = t
        lastValueBits = vbits
        let count = numSamples + 1
        stream.setByte(UInt8(truncatingIfNeeded: count >> 8), at: 0)
        stream.setByte(UInt8(truncatingIfNeeded: count), at: 1)
    }

    /// Writes `x` as a varint, one whole byte at a time, without a temporary buffer.
    @inline(__always)
    private mutating func writeUvarintBytes(_ x: UInt64) {
        var x = x
        while x >= 0x80 {
            stream.writeByte(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        stream.writeByte(UInt8(truncatingIfNeeded: x))
    }

    /// Prometheus's `bitRange`: whether `x` fits the asymmetric `n`-bit payload range.
    @inline(__always)
    static func fits(_ x: Int64, _ n: Int) -> Bool {
        -((1 << (n - 1)) - 1) <= x && x <= 1 << (n - 1)
    }

    @inline(__always)
    private mutating func writeValue(_ vbits: UInt64) {
        XORValue.write(vbits, prev: lastValueBits, leading: &leading, trailing: &trailing, to: &stream)
    }

    /// An iterator over this chunk's samples as of now.
    func makeIterator() -> XORIterator { XORIterator(bytes: bytes) }
}
