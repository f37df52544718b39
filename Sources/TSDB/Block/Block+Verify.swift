/// Structural checks of a block at open, so that a damaged block is set aside with a reason instead of answering
/// queries with holes nobody is told about.
///
/// What is checked costs a walk of the index, not a read of the chunk data: every postings list's checksum,
/// every series entry (checksum and decoding), and that every chunk reference points inside its chunk file. The
/// checksums of the chunks themselves are checked when a query reads them (`Block.chunk(_:)`), and a mismatch
/// there is reported through `BlockCorruption`.
extension Block {
    func verify() throws(BlockError) {
        let indexPath = directory + "/index"
        guard meta.minTime < meta.maxTime else {
            throw .invalid(path: directory + "/meta.json", reason: "minTime \(meta.minTime) is not before maxTime \(meta.maxTime)")
        }
        try index.verifyPostings()
        // Largest chunk offset referenced in each chunk file; checking only that one keeps the page cache cold.
        var maxOffset: [Int: Int] = [:]
        for ref in index.all() {
            guard let refs = index.chunkRefs(ref) else {
                throw .invalid(path: indexPath, reason: "series entry \(ref) (at offset \(ref * 16)) does not decode")
            }
            for c in refs {
                let file = Int(c >> 32)
                let off = Int(c & 0xFFFF_FFFF)
                guard file < chunkFiles.count else {
                    let labels = index.series(ref)?.labels.description ?? "\(ref)"
                    throw .invalid(
                        path: directory + "/chunks/" + ChunkFileWriter.name(file),
                        reason: "missing; series \(labels) references chunk \(c) in it")
                }
                maxOffset[file] = max(maxOffset[file] ?? 0, off)
            }
        }
        for (file, off) in maxOffset {
            guard chunkEntryEnd(file: file, offset: off) != nil else {
                throw .invalid(
                    path: directory + "/chunks/" + ChunkFileWriter.name(file),
                    reason: "cut short: chunk at offset \(off) ends beyond the file's \(chunkFiles[file].length) bytes")
            }
        }
    }

    /// End of the chunk entry at `offset` of chunk file `file`, when it lies wholly inside the file.
    private func chunkEntryEnd(file: Int, offset: Int) -> Int? {
        let m = chunkFiles[file]
        guard offset >= 8, offset < m.length else { return nil }
        let b = m.bytes(0, m.length)
        var p = offset
        let len = Varint.readUvarint {
            guard p < b.count else { return nil }
            defer { p += 1 }
            return b[p]
        }
        guard let len, len <= UInt64(b.count) else { return nil }
        let end = p + 1 + Int(len) + 4
        return end <= b.count ? end : nil
    }
}

extension IndexReader {
    /// The chunk references of the series entry at `ref`, checksum verified, without building its labels (the
    /// label references are checked against the symbol table); nil when the entry does not decode.
    func chunkRefs(_ ref: UInt64) -> [UInt64]? {
        do throws(DecodeError) {
            guard let body = try seriesEntryBody(ref) else { return nil }
            var b = ByteReader(body)
            let nLabels = try b.readUvarint()
            for _ in 0..<(2 * nLabels) {
                guard try b.readUvarint() < UInt64(symbolCount) else { return nil }
            }
            let nChunks = try b.readUvarint()
            var out: [UInt64] = []
            out.reserveCapacity(Int(min(nChunks, 1 << 16)))
            var prev: UInt64 = 0
            for i in 0..<nChunks {
                if i == 0 {
                    _ = try b.readVarint()
                    _ = try b.readUvarint()
                    prev = try b.readUvarint()
                } else {
                    _ = try b.readUvarint()
                    _ = try b.readUvarint()
                    prev = prev &+ UInt64(bitPattern: try b.readVarint())
                }
                out.append(prev)
            }
            return out
        } catch {
            return nil
        }
    }

    /// Checks the checksum of every postings list.
    func verifyPostings() throws(BlockError) {
        for (name, values) in postingsOffsets {
            for (value, offset) in values {
                do { _ = try Self.section(bytes, at: offset, path: path) } catch {
                    throw .invalid(path: path, reason: "postings list of \(name)=\"\(value)\": \(error)")
                }
            }
        }
    }
}
