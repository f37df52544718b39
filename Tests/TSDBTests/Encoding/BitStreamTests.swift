import Testing
@testable import TSDB

struct BitStreamTests {
    @Test func knownBitLayout() {
        var w = BitWriter()
        w.writeBit(true)
        w.writeBits(0b0101, 4)
        w.writeByte(0xff)
        w.writeBits(0, 3)
        // 1 0101 11111111 000 → 10101111 11111000
        #expect(w.bytes == [0b1010_1111, 0b1111_1000])
        #expect(w.freeBits == 0)
        // An aligned byte leaves an empty byte behind, as Prometheus's bstream does.
        w.writeByte(0x81)
        #expect(w.bytes == [0b1010_1111, 0b1111_1000, 0x81, 0])
        #expect(w.freeBits == 8)
        w.writeBit(true)
        #expect(w.bytes == [0b1010_1111, 0b1111_1000, 0x81, 0x80])
    }

    @Test func seededRandomRoundTrip() {
        var rng = SeededRandom(seed: 42)
        var items: [(value: UInt64, width: Int)] = []
        var w = BitWriter()
        for _ in 0..<5_000 {
            let width = Int(rng.next() % 65)
            let value = width == 64 ? rng.next() : rng.next() & ((UInt64(1) << width) - 1)
            items.append((value, width))
            w.writeBits(value, width)
        }
        var r = BitReader(w.bytes)
        for (i, item) in items.enumerated() {
            let got = r.readBits(item.width)
            #expect(got == item.value, "item \(i) of width \(item.width)")
            if got != item.value { break }
        }
    }

    @Test func readingPastTheEndReturnsNil() {
        var r = BitReader([0xab])
        #expect(r.readBits(4) == 0xa)
        #expect(r.readBits(5) == nil)
        var r2 = BitReader([])
        #expect(r2.readBit() == nil)
    }
}
