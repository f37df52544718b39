/// Go-compatible varints (`encoding/binary`): unsigned LEB128 and zig-zag signed.
enum Varint {
    /// Maximum encoded length of a 64-bit varint.
    static let maxLength = 10

    /// Appends `x` as an unsigned varint.
    @inline(__always)
    static func writeUvarint(_ x: UInt64, to out: inout [UInt8]) {
        var x = x
        while x >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: x))
    }

    /// Appends `x` as a zig-zag signed varint.
    @inline(__always)
    static func writeVarint(_ x: Int64, to out: inout [UInt8]) {
        writeUvarint(zigzag(x), to: &out)
    }

    @inline(__always)
    static func zigzag(_ x: Int64) -> UInt64 {
        var ux = UInt64(bitPattern: x) << 1
        if x < 0 { ux = ~ux }
        return ux
    }

    @inline(__always)
    static func unzigzag(_ ux: UInt64) -> Int64 {
        var x = Int64(bitPattern: ux >> 1)
        if ux & 1 != 0 { x = ~x }
        return x
    }

    /// Decodes an unsigned varint by pulling bytes from `nextByte`; nil on a short or overlong input.
    @inline(__always)
    static func readUvarint(_ nextByte: () -> UInt8?) -> UInt64? {
        var x: UInt64 = 0
        var s: UInt64 = 0
        for i in 0..<maxLength {
            guard let b = nextByte() else { return nil }
            if b < 0x80 {
                if i == maxLength - 1 && b > 1 { return nil }  // overflows 64 bits
                return x | UInt64(b) << s
            }
            x |= UInt64(b & 0x7f) << s
            s += 7
        }
        return nil
    }

    @inline(__always)
    static func readVarint(_ nextByte: () -> UInt8?) -> Int64? {
        guard let ux = readUvarint(nextByte) else { return nil }
        return unzigzag(ux)
    }
}
