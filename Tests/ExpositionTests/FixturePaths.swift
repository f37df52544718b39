import Foundation

/// Reads a file from `Tests/ExpositionTests/Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    return Array(try Data(contentsOf: dir.appendingPathComponent(name)))
}
