/// Prometheus's variable-bit integers (`chunkenc/varbit.go`), used by histogram chunks for timestamps, spans,
/// schemas and custom bounds (Docs/chunks.md).
///
/// A run of 1 bits ended by a 0 picks the payload width: `0` is the value 0, `10` 3 bits, `110` 6, `1110` 9,
/// `11110` 12, `111110` 18, `1111110` 25, `11111110` 56, and `11111111` (no closing 0) a raw 64-bit value.
/// Signed payloads are two's complement with Prometheus's asymmetric range (`XORChunk.fits`).
enum Varbit {
    /// Payload widths by the number of leading 1 bits (1...7).
    private static let widths = [3, 6, 9, 12, 18, 25, 56]

    static func putInt(_ w: inout BitWriter, _ v: Int64) {
        if v == 0 {
            w.writeBit(false)
            return
        }
        for (i, n) in widths.enumerated() where XORChunk.fits(v, n) {
            writePrefix(&w, ones: i + 1)
            w.writeBits(UInt64(bitPattern: v), n)
            return
        }
        w.writeBits(0xff, 8)
        w.writeBits(UInt64(bitPattern: v), 64)
    }

    static func putUint(_ w: inout BitWriter, _ v: UInt64) {
        if v == 0 {
            w.writeBit(false)
            return
        }
        for (i, n) in widths.enumerated() where v.leadingZeroBitCount >= 64 - n {
            writePrefix(&w, ones: i + 1)
            w.writeBits(v, n)
            return
        }
        w.writeBits(0xff, 8)
        w.writeBits(v, 64)
    }

    static func readInt(_ r: inout BitReader) -> Int64? {
        guard let (bits, width) = readRaw(&r) else { return nil }
        if width == 0 || width == 64 { return Int64(bitPattern: bits) }
        return bits > UInt64(1) << (width - 1) ? Int64(bits) - Int64(1) << width : Int64(bits)
    }

    static func readUint(_ r: inout BitReader) -> UInt64? {
        readRaw(&r)?.bits
    }

    /// `ones` 1 bits, then the closing 0.
    private static func writePrefix(_ w: inout BitWriter, ones: Int) {
        w.writeBits((UInt64(1) << (ones + 1)) - 2, ones + 1)
    }

    /// The payload and its width (0 for the value 0, 64 for a raw value).
    private static func readRaw(_ r: inout BitReader) -> (bits: UInt64, width: Int)? {
        var ones = 0
        while ones < 8 {
            guard let bit = r.readBit() else { return nil }
            if !bit { break }
            ones += 1
        }
        let width = ones == 0 ? 0 : ones == 8 ? 64 : widths[ones - 1]
        guard let bits = r.readBits(width) else { return nil }
        return (bits, width)
    }
}

/// Gorilla XOR compression of one float stream against its previous value, as in XOR chunks (Docs/chunks.md);
/// histogram chunks keep one such stream per field and bucket.
enum XORValue {
    /// Writes `vbits` against `prev`. `leading` starts at 0xff ("no window yet").
    @inline(__always)
    static func write(_ vbits: UInt64, prev: UInt64, leading: inout UInt8, trailing: inout UInt8, to w: inout BitWriter) {
        let delta = vbits ^ prev
        if delta == 0 {
            w.writeBit(false)
            return
        }
        w.writeBit(true)
        var newLeading = UInt8(delta.leadingZeroBitCount)
        let newTrailing = UInt8(delta.trailingZeroBitCount)
        // Five bits hold the leading-zero count.
        if newLeading >= 32 { newLeading = 31 }
        if leading != 0xff && newLeading >= leading && newTrailing >= trailing {
            w.writeBit(false)
            w.writeBits(delta >> trailing, 64 - Int(leading) - Int(trailing))
            return
        }
        leading = newLeading
        trailing = newTrailing
        w.writeBit(true)
        w.writeBits(UInt64(newLeading), 5)
        let sigbits = 64 - Int(newLeading) - Int(newTrailing)
        // 64 meaningful bits are written as 0: six bits cannot hold 64, and 0 meaningful bits never occurs.
        w.writeBits(UInt64(sigbits), 6)
        w.writeBits(delta >> newTrailing, sigbits)
    }

    /// Reads the next value of a stream into `bits`; false when the stream is cut short or malformed.
    @inline(__always)
    static func read(_ bits: inout UInt64, leading: inout UInt8, trailing: inout UInt8, from r: inout BitReader) -> Bool {
        guard let changed = r.readBit() else { return false }
        if !changed { return true }
        guard let newWindow = r.readBit() else { return false }
        if newWindow {
            guard let lz = r.readBits(5), let m = r.readBits(6) else { return false }
            let sig = m == 0 ? 64 : Int(m)
            guard Int(lz) + sig <= 64 else { return false }
            leading = UInt8(lz)
            trailing = UInt8(64 - Int(lz) - sig)
        }
        let sig = 64 - Int(leading) - Int(trailing)
        guard let payload = r.readBits(sig) else { return false }
        bits ^= payload << trailing
        return true
    }
}
