import PromModel

/// Where a chunk of a block lies and what time it covers.
struct ChunkMeta: Sendable, Equatable {
    var minT: Int64
    var maxT: Int64
    var ref: UInt64
}

/// Encodes a block index, version 2 (format in Docs/block.md).
enum IndexWriter {
    static let magic: UInt32 = 0xBAAA_D700
    static let version: UInt8 = 2

    /// The whole index file for `series`, which must be sorted by labels with no duplicates.
    static func encode(_ series: [(labels: Labels, chunks: [ChunkMeta])]) -> [UInt8] {
        var w = ByteWriter()
        put32(&w, magic)
        w.writeByte(version)

        // Symbols.
        var symbolSet = Set<String>()
        for s in series {
            for l in s.labels {
                symbolSet.insert(l.name)
                symbolSet.insert(l.value)
            }
        }
        let symbols = symbolSet.sorted { byteCompare($0, $1) < 0 }
        var symbolRef: [String: UInt64] = [:]
        for (i, s) in symbols.enumerated() { symbolRef[s] = UInt64(i) }
        let symbolsOffset = w.bytes.count
        section(&w) { b in
            put32(&b, UInt32(symbols.count))
            for s in symbols { b.writeUvarintString(s) }
        }

        // Series, 16-byte aligned; postings gather their references.
        let seriesOffset = w.bytes.count
        var postings: [String: [String: [UInt32]]] = [:]
        var all: [UInt32] = []
        for s in series {
            while w.bytes.count % 16 != 0 { w.writeByte(0) }
            let ref = UInt32(w.bytes.count / 16)
            all.append(ref)
            var e = ByteWriter()
            e.writeUvarint(UInt64(s.labels.count))
            for l in s.labels {
                e.writeUvarint(symbolRef[l.name]!)
                e.writeUvarint(symbolRef[l.value]!)
                postings[l.name, default: [:]][l.value, default: []].append(ref)
            }
            e.writeUvarint(UInt64(s.chunks.count))
            var prev: ChunkMeta?
            for c in s.chunks {
                if let p = prev {
                    e.writeUvarint(UInt64(bitPattern: c.minT &- p.maxT))
                    e.writeUvarint(UInt64(bitPattern: c.maxT &- c.minT))
                    e.writeVarint(Int64(bitPattern: c.ref &- p.ref))
                } else {
                    e.writeVarint(c.minT)
                    e.writeUvarint(UInt64(bitPattern: c.maxT &- c.minT))
                    e.writeUvarint(c.ref)
                }
                prev = c
            }
            w.writeUvarint(UInt64(e.bytes.count))
            w.bytes.append(contentsOf: e.bytes)
            put32(&w, CRC32C.checksum(e.bytes))
        }

        // No label indices (readers of version 2 use the postings offset table).
        let labelIndicesOffset = w.bytes.count

        // Postings: the all-series list first (empty name and value), then by name and value.
        let postingsOffset = w.bytes.count
        var table: [(name: String, value: String, offset: Int)] = []
        func writeList(_ name: String, _ value: String, _ refs: [UInt32]) {
            table.append((name, value, w.bytes.count))
            section(&w) { b in
                put32(&b, UInt32(refs.count))
                for r in refs { put32(&b, r) }
            }
        }
        writeList("", "", all)
        for name in postings.keys.sorted(by: { byteCompare($0, $1) < 0 }) {
            let values = postings[name]!
            for value in values.keys.sorted(by: { byteCompare($0, $1) < 0 }) { writeList(name, value, values[value]!) }
        }

        let labelOffsetTableOffset = w.bytes.count
        section(&w) { b in put32(&b, 0) }

        let postingsTableOffset = w.bytes.count
        section(&w) { b in
            put32(&b, UInt32(table.count))
            for e in table {
                b.writeUvarint(2)
                b.writeUvarintString(e.name)
                b.writeUvarintString(e.value)
                b.writeUvarint(UInt64(e.offset))
            }
        }

        // TOC.
        var toc = ByteWriter()
        for o in [symbolsOffset, seriesOffset, labelIndicesOffset, labelOffsetTableOffset, postingsOffset,
                  postingsTableOffset] {
            toc.writeBE64(UInt64(o))
        }
        w.bytes.append(contentsOf: toc.bytes)
        put32(&w, CRC32C.checksum(toc.bytes))
        return w.bytes
    }

    /// `len <4b> | body | CRC32C(body) <4b>`.
    private static func section(_ w: inout ByteWriter, _ body: (inout ByteWriter) -> Void) {
        var b = ByteWriter()
        body(&b)
        put32(&w, UInt32(b.bytes.count))
        w.bytes.append(contentsOf: b.bytes)
        put32(&w, CRC32C.checksum(b.bytes))
    }

    static func put32(_ w: inout ByteWriter, _ v: UInt32) {
        for s in [24, 16, 8, 0] { w.writeByte(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }
}
