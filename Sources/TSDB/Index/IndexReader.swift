import PromModel

/// Reads a block index, version 2 (format in Docs/block.md). Immutable and thread-safe once opened.
///
/// The symbol table and the postings offset table are decoded at open; series and postings lists are decoded
/// on demand from the file bytes.
final class IndexReader: PostingsSource, Sendable {
    let path: String
    let bytes: [UInt8]
    private let symbols: [String]
    var symbolCount: Int { symbols.count }
    /// name → value → offset of the postings list.
    let postingsOffsets: [String: [String: Int]]

    init(path: String, bytes: [UInt8]) throws(BlockError) {
        self.path = path
        self.bytes = bytes
        func bad(_ why: String) -> BlockError { .invalid(path: path, reason: why) }
        guard bytes.count >= 5 + 52 else { throw bad("index of \(bytes.count) bytes is too short") }
        guard Self.be32(bytes, 0) == IndexWriter.magic else { throw bad("bad magic") }
        guard bytes[4] == IndexWriter.version else { throw bad("unsupported index version \(bytes[4])") }
        let tocStart = bytes.count - 52
        let toc = bytes[tocStart..<(tocStart + 48)]
        guard CRC32C.checksum(toc) == Self.be32(bytes, tocStart + 48) else { throw bad("TOC checksum mismatch") }
        var offsets: [Int] = []
        var r = ByteReader(toc)
        for _ in 0..<6 {
            guard let o = try? r.readBE64(), o <= UInt64(tocStart) else { throw bad("TOC offset out of range") }
            offsets.append(Int(o))
        }

        // Symbols.
        var syms: [String] = []
        let symBody = try Self.section(bytes, at: offsets[0], path: path)
        do throws(DecodeError) {
            var sr = ByteReader(symBody)
            let n = Self.be32(bytes, symBody.startIndex)
            try sr.skip(4)
            syms.reserveCapacity(min(Int(n), symBody.count))
            for _ in 0..<n { syms.append(try sr.readUvarintString()) }
        } catch {
            throw bad("symbol table: \(error)")
        }
        symbols = syms

        // Postings offset table.
        var table: [String: [String: Int]] = [:]
        let tableBody = try Self.section(bytes, at: offsets[5], path: path)
        do throws(DecodeError) {
            var tr = ByteReader(tableBody)
            let n = Self.be32(bytes, tableBody.startIndex)
            try tr.skip(4)
            for _ in 0..<n {
                guard try tr.readUvarint() == 2 else { throw DecodeError(reason: "key of other than 2 parts", offset: tr.position) }
                let name = try tr.readUvarintString()
                let value = try tr.readUvarintString()
                table[name, default: [:]][value] = try tr.readUvarintInt(limit: bytes.count)
            }
        } catch {
            throw bad("postings offset table: \(error)")
        }
        postingsOffsets = table
    }

    static func be32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    /// The body of a `len <4b> | body | CRC <4b>` section, checksum verified.
    static func section(_ b: [UInt8], at o: Int, path: String) throws(BlockError) -> ArraySlice<UInt8> {
        guard o + 4 <= b.count else { throw .invalid(path: path, reason: "section at \(o) beyond the end") }
        let n = Int(be32(b, o))
        guard o + 8 + n <= b.count else { throw .invalid(path: path, reason: "section at \(o) of \(n) bytes cut short") }
        let body = b[(o + 4)..<(o + 4 + n)]
        guard CRC32C.checksum(body) == be32(b, o + 4 + n) else {
            throw .invalid(path: path, reason: "checksum mismatch in section at \(o)")
        }
        return body
    }

    /// Label names in the index, sorted.
    func names() -> [String] {
        postingsOffsets.keys.filter { !$0.isEmpty }.sorted { byteCompare($0, $1) < 0 }
    }

    /// Values of `name`, sorted.
    func values(of name: String) -> [String] {
        (postingsOffsets[name].map { Array($0.keys) } ?? []).sorted { byteCompare($0, $1) < 0 }
    }

    /// The checksum-verified body of the series entry at `ref` (its length prefix and CRC stripped); nil when the
    /// entry lies outside the index or its checksum does not match.
    func seriesEntryBody(_ ref: UInt64) throws(DecodeError) -> ArraySlice<UInt8>? {
        let o = Int(ref) * 16
        guard o < bytes.count else { return nil }
        var r = ByteReader(bytes[o...])
        let len = try r.readUvarintInt(limit: bytes.count)
        let start = o + r.position
        guard start + len + 4 <= bytes.count else { return nil }
        let body = bytes[start..<(start + len)]
        guard CRC32C.checksum(body) == Self.be32(bytes, start + len) else { return nil }
        return body
    }

    /// The labels and chunk metas of the series at `ref`; nil (and a corrupt index) when it cannot be decoded.
    func series(_ ref: UInt64) -> (labels: Labels, chunks: [ChunkMeta])? {
        do throws(DecodeError) {
            guard let body = try seriesEntryBody(ref) else { return nil }
            var b = ByteReader(body)
            let nLabels = try b.readUvarint()
            var labels: [Label] = []
            for _ in 0..<nLabels {
                let n = try b.readUvarintInt(limit: symbols.count)
                let v = try b.readUvarintInt(limit: symbols.count)
                guard n < symbols.count, v < symbols.count else { return nil }
                labels.append(Label(name: symbols[n], value: symbols[v]))
            }
            let nChunks = try b.readUvarint()
            var chunks: [ChunkMeta] = []
            chunks.reserveCapacity(Int(min(nChunks, 1 << 16)))
            var prev: ChunkMeta?
            for _ in 0..<nChunks {
                var c: ChunkMeta
                if let p = prev {
                    let minT = p.maxT &+ Int64(bitPattern: try b.readUvarint())
                    let maxT = minT &+ Int64(bitPattern: try b.readUvarint())
                    let ref = p.ref &+ UInt64(bitPattern: try b.readVarint())
                    c = ChunkMeta(minT: minT, maxT: maxT, ref: ref)
                } else {
                    let minT = try b.readVarint()
                    let maxT = minT &+ Int64(bitPattern: try b.readUvarint())
                    c = ChunkMeta(minT: minT, maxT: maxT, ref: try b.readUvarint())
                }
                chunks.append(c)
                prev = c
            }
            return (Labels(sortedUnchecked: labels), chunks)
        } catch {
            return nil
        }
    }

    private func list(at o: Int) -> [UInt64] {
        guard let body = try? Self.section(bytes, at: o, path: path), body.count >= 4 else { return [] }
        let n = Int(Self.be32(bytes, body.startIndex))
        guard body.count >= 4 + 4 * n else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append(UInt64(Self.be32(bytes, body.startIndex + 4 + 4 * i))) }
        return out
    }

    // PostingsSource

    func all() -> [UInt64] { postingsOffsets[""]?[""].map { list(at: $0) } ?? [] }

    func postings(_ name: String, _ value: String) -> [UInt64] {
        postingsOffsets[name]?[value].map { list(at: $0) } ?? []
    }

    func postings(_ name: String, where accept: (String) -> Bool) -> [UInt64] {
        guard let values = postingsOffsets[name] else { return [] }
        return Postings.union(values.compactMap { accept($0.key) ? list(at: $0.value) : nil })
    }

    func postings(_ name: String, values: some Sequence<String>) -> [UInt64] {
        guard let byValue = postingsOffsets[name] else { return [] }
        return Postings.union(values.compactMap { byValue[$0].map { list(at: $0) } })
    }
}

