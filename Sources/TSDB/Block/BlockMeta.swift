import Foundation

/// `meta.json` of a block (see Docs/block.md).
struct BlockMeta: Codable, Sendable, Equatable {
    struct Stats: Codable, Sendable, Equatable {
        var numSamples: Int
        var numSeries: Int
        var numChunks: Int
    }

    struct Compaction: Codable, Sendable, Equatable {
        var level: Int
        var sources: [String]
        var parents: [Parent]?
    }

    struct Parent: Codable, Sendable, Equatable {
        var ulid: String
        var minTime: Int64
        var maxTime: Int64
    }

    var ulid: String
    /// Inclusive.
    var minTime: Int64
    /// Exclusive.
    var maxTime: Int64
    var stats: Stats
    var compaction: Compaction
    var version: Int = 1

    static func read(_ dir: String) throws(BlockError) -> BlockMeta {
        let path = dir + "/meta.json"
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(BlockMeta.self, from: data)
        } catch {
            throw .invalid(path: path, reason: "\(error)")
        }
    }

    /// Writes `meta.json` atomically (temporary file, fsync, rename).
    func write(_ dir: String) throws(BlockError) {
        let path = dir + "/meta.json"
        do {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try enc.encode(self)
            try data.write(to: URL(fileURLWithPath: path + ".tmp"), options: .atomic)
            try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
        } catch {
            throw .invalid(path: path, reason: "cannot write: \(error)")
        }
    }
}

/// A block that cannot be written or read.
enum BlockError: Error, Sendable, CustomStringConvertible {
    case invalid(path: String, reason: String)
    case io(IOError)

    var description: String {
        switch self {
        case .invalid(let p, let r): return "block file \(p): \(r)"
        case .io(let e): return "\(e)"
        }
    }
}
