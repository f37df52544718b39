/// A ULID (48-bit millisecond time + 80 random bits, Crockford base32): block directory names that sort by
/// creation time, as Prometheus's.
struct ULID: Sendable, Hashable, Comparable, CustomStringConvertible {
    let string: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    init(time: Int64, random: inout some RandomNumberGenerator) {
        // 128 bits: time in the top 48, randomness below; encoded 5 bits at a time into 26 characters
        // (the first character carries only 3 bits).
        let hi = UInt64(truncatingIfNeeded: time) << 16 | (random.next() & 0xFFFF)
        let lo = random.next()
        var chars = [UInt8](repeating: 0, count: 26)
        for i in 0..<26 {
            let shift = (25 - i) * 5  // bit position of this character in the 130-bit big number (top 2 zero)
            var v: UInt64
            if shift >= 64 {
                v = hi >> UInt64(shift - 64)
            } else if shift + 5 <= 64 {
                v = lo >> UInt64(shift)
            } else {
                v = (lo >> UInt64(shift)) | (hi << UInt64(64 - shift))
            }
            chars[i] = Self.alphabet[Int(v & 31)]
        }
        string = String(decoding: chars, as: UTF8.self)
    }

    init?(_ s: String) {
        guard s.utf8.count == 26, s.utf8.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        string = s
    }

    static func < (a: ULID, b: ULID) -> Bool { a.string < b.string }
    var description: String { string }
}
