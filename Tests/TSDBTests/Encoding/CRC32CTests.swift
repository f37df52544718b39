import Testing
@testable import TSDB

/// CRC-32C: the known check value, and the hardware path equal to the table path on random inputs of every
/// length and alignment, also when continued across pieces.
struct CRC32CTests {
    @Test func checkValue() {
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect(bytes.withUnsafeBytes { CRC32C.software($0) } == 0xE306_9283)
    }

    @Test func hardwareMatchesTables() {
        var rng = SystemRandomNumberGenerator()
        let data = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4000] where start + length <= all.count {
                    let piece = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    #expect(CRC32C.checksum(piece) == CRC32C.software(piece), "start \(start) length \(length)")
                    let half = length / 2
                    let a = UnsafeRawBufferPointer(rebasing: piece[0..<half])
                    let b = UnsafeRawBufferPointer(rebasing: piece[half...])
                    #expect(CRC32C.checksum(b, continuing: CRC32C.checksum(a)) == CRC32C.software(piece))
                }
            }
        }
    }
}
