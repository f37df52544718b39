/// An append-only bit stream, most significant bit first, as Prometheus's `bstream`.
///
/// `bytes` always holds whole bytes; `freeBits` tells how many low bits of the last byte are still unused
/// (0 means the next bit starts a new byte).
struct BitWriter: Sendable {
    private(set) var bytes: [UInt8]
    /// One byte rather than an `Int`: a writer lives in every series' open chunk.
    private var free: UInt8 = 0
    private(set) var freeBits: Int {
        get { Int(free) }
        set { free = UInt8(truncatingIfNeeded: newValue) }
    }

    init(bytes: [UInt8] = [], reservingCapacity: Int = 128) {
        self.bytes = bytes
        self.bytes.reserveCapacity(reservingCapacity)
    }

    /// Overwrites an already written byte (used for chunk headers in front of the stream).
    mutating func setByte(_ b: UInt8, at i: Int) { bytes[i] = b }

    @inline(__always)
    mutating func writeBit(_ bit: Bool) {
        if freeBits == 0 {
            bytes.append(0)
            freeBits = 8
        }
        freeBits -= 1
        if bit { bytes[bytes.count - 1] |= UInt8(1) << freeBits }
    }

    /// Writes a whole byte, which lands across two stream bytes when the stream is not aligned.
    @inline(__always)
    ///
    /// Like Prometheus's `bstream.writeByte`, an aligned write leaves an empty byte behind (`freeBits == 8`);
    /// chunks carry that byte, and byte-for-byte compatibility needs it.
    mutating func writeByte(_ b: UInt8) {
        if freeBits == 0 {
            bytes.append(0)
            freeBits = 8
        }
        bytes[bytes.count - 1] |= b >> (8 - freeBits)
        bytes.append(b << freeBits)
    }

    /// Writes the low `n` bits of `value` (0 ≤ n ≤ 64), most significant first.
    ///
    /// Fills the last byte and appends whole bytes at a time (at most nine steps) instead of Prometheus's bit
    /// loop: head appends and WAL replay spend most of their encoding time here. The bytes produced are the same
    /// as `writeByte` per whole byte then `writeBit` per remaining bit, including the empty byte an aligned
    /// whole-byte write leaves behind.
    @inline(__always)
    mutating func writeBits(_ value: UInt64, _ n: Int) {
        if n == 0 { return }
        let startAligned = freeBits == 0 || freeBits == 8
        var left = n
        let v = n == 64 ? value : value & ((UInt64(1) << n) &- 1)
        while left > 0 {
            if freeBits == 0 {
                bytes.append(0)
                freeBits = 8
            }
            let take = Swift.min(left, freeBits)
            let part = UInt8(truncatingIfNeeded: (v >> UInt64(left - take)) & ((UInt64(1) << take) &- 1))
            bytes[bytes.count - 1] |= part << UInt8(freeBits - take)
            freeBits -= take
            left -= take
        }
        if startAligned && n % 8 == 0 && freeBits == 0 {
            bytes.append(0)
            freeBits = 8
        }
    }
}

/// Reads a bit stream written by `BitWriter`, 64 bits at a time; allocates nothing.
///
/// Reads past the end return nil. The caller knows from a sample count where meaningful bits stop;
/// padding bits of the last byte read as zero.
struct BitReader: Sendable {
    let bytes: [UInt8]
    /// Next byte of `bytes` to load into `buffer`.
    private var offset: Int
    /// The low `valid` bits of `buffer` are unread, most significant first.
    private var buffer: UInt64 = 0
    private var valid: Int = 0

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Loads as many whole bytes as fit into the buffer; false when the stream is exhausted.
    @inline(__always)
    private mutating func refill() -> Bool {
        if offset >= bytes.count { return false }
        if offset + 8 <= bytes.count && valid == 0 {
            var w: UInt64 = 0
            for i in 0..<8 { w = w << 8 | UInt64(bytes[offset + i]) }
            buffer = w
            valid = 64
            offset += 8
            return true
        }
        while valid <= 56 && offset < bytes.count {
            buffer = buffer << 8 | UInt64(bytes[offset])
            valid += 8
            offset += 1
        }
        return true
    }

    @inline(__always)
    mutating func readBit() -> Bool? {
        if valid == 0 && !refill() { return nil }
        valid -= 1
        return (buffer >> valid) & 1 == 1
    }

    @inline(__always)
    mutating func readByte() -> UInt8? {
        guard let v = readBits(8) else { return nil }
        return UInt8(truncatingIfNeeded: v)
    }

    /// Reads `n` bits (0 ≤ n ≤ 64) as the low bits of the result.
    @inline(__always)
    mutating func readBits(_ n: Int) -> UInt64? {
        if n == 0 { return 0 }
        if n <= valid {
            valid -= n
            return (buffer >> valid) & Self.mask(n)
        }
        // Take what is left, refill, take the rest.
        let have = valid
        var result = have == 0 ? 0 : buffer & Self.mask(have)
        var need = n - have
        valid = 0
        while need > 0 {
            if !refill() { return nil }
            let take = min(need, valid)
            valid -= take
            result = (take == 64 ? 0 : result << take) | ((buffer >> valid) & Self.mask(take))
            need -= take
        }
        return result
    }

    @inline(__always)
    static func mask(_ n: Int) -> UInt64 { n >= 64 ? ~0 : (UInt64(1) << n) &- 1 }
}
