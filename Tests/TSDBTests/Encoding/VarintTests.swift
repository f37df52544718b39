import Testing
@testable import TSDB

struct VarintTests {
    struct Case: Sendable, CustomStringConvertible {
        var value: Int64
        var bytes: [UInt8]
        var description: String { "\(value)" }
    }

    // Expected bytes from Go's binary.PutVarint.
    static let signed: [Case] = [
        Case(value: 0, bytes: [0x00]),
        Case(value: -1, bytes: [0x01]),
        Case(value: 1, bytes: [0x02]),
        Case(value: 63, bytes: [0x7e]),
        Case(value: -64, bytes: [0x7f]),
        Case(value: 64, bytes: [0x80, 0x01]),
        Case(value: 1000, bytes: [0xd0, 0x0f]),
        Case(value: Int64.max, bytes: [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        Case(value: Int64.min, bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    ]

    @Test(arguments: signed)
    func signedRoundTrip(_ c: Case) {
        var out: [UInt8] = []
        Varint.writeVarint(c.value, to: &out)
        #expect(out == c.bytes)
        var i = 0
        let back = Varint.readVarint {
            defer { i += 1 }
            return i < out.count ? out[i] : nil
        }
        #expect(back == c.value)
        #expect(i == out.count)
    }

    @Test func unsignedRandomRoundTrip() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<10_000 {
            let x = rng.next() >> (rng.next() % 64)
            var out: [UInt8] = []
            Varint.writeUvarint(x, to: &out)
            #expect(out.count <= Varint.maxLength)
            var i = 0
            let back = Varint.readUvarint {
                defer { i += 1 }
                return i < out.count ? out[i] : nil
            }
            #expect(back == x)
        }
    }

    @Test func truncatedAndOverlongInputsFail() {
        let truncated: [UInt8] = [0x80, 0x80]
        var i = 0
        #expect(Varint.readUvarint { defer { i += 1 }; return i < truncated.count ? truncated[i] : nil } == nil)
        let overlong: [UInt8] = Array(repeating: 0xff, count: 9) + [0x02]
        i = 0
        #expect(Varint.readUvarint { defer { i += 1 }; return i < overlong.count ? overlong[i] : nil } == nil)
    }
}
