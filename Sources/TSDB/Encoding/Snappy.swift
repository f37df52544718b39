import CSnappy

/// Snappy block compression (the format of Prometheus's compressed WAL records, and of remote write).
enum Snappy {
    static func compress<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var length = snappy_max_compressed_length(bytes.count)
        var out = [UInt8](repeating: 0, count: length)
        let status = bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                snappy_compress(
                    src.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed with a buffer of snappy_max_compressed_length")
        out.removeSubrange(length...)
        return out
    }

    /// nil when `input` is not valid snappy data.
    static func uncompress<C: Collection>(_ input: C) -> [UInt8]? where C.Element == UInt8 {
        let bytes = Array(input)
        var length = 0
        let known = bytes.withUnsafeBytes { src in
            snappy_uncompressed_length(src.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &length)
        }
        guard known == SNAPPY_OK, length <= 1 << 30 else { return nil }
        var out = [UInt8](repeating: 0, count: max(length, 1))
        let status = bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                snappy_uncompress(
                    src.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard status == SNAPPY_OK else { return nil }
        out.removeSubrange(length...)
        return out
    }
}
