import PromModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte equality of two strings, with a memcmp fast path for native UTF-8 storage.
@inline(__always)
func bytesEqual(_ a: String, _ b: String) -> Bool {
    let r = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
            pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
        }
    }
    if let r, let r2 = r { return r2 }
    return a.utf8.elementsEqual(b.utf8)
}

@inline(__always)
func combineBytes(_ s: String, into h: inout Hasher) {
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    if done == nil { h.combine(s) }
    h.combine(UInt8(0xFF))
}

/// A label set as a dictionary key for one query: Swift's `Hasher` over raw bytes and memcmp
/// equality, several times cheaper than `Labels`' stable FNV hash, which the engine does not need.
struct LabelsKey: Hashable {
    let labels: Labels

    init(_ labels: Labels) { self.labels = labels }

    static func == (a: LabelsKey, b: LabelsKey) -> Bool { fastEqual(a.labels, b.labels) }

    func hash(into h: inout Hasher) {
        for l in labels.storage {
            combineBytes(l.name, into: &h)
            combineBytes(l.value, into: &h)
        }
    }
}

func fastEqual(_ a: Labels, _ b: Labels) -> Bool {
    let x = a.storage, y = b.storage
    guard x.count == y.count else { return false }
    if sameStorage(x, y) { return true }
    for i in x.indices {
        if !bytesEqual(x[i].name, y[i].name) || !bytesEqual(x[i].value, y[i].value) { return false }
    }
    return true
}

/// A 64-bit per-query hash of the labels `keep` selects; like Prometheus's signature and grouping
/// hashes, equal hashes are taken as equal label subsets.
@inline(__always)
func subsetHash(_ l: Labels, _ keep: (String) -> Bool) -> Int {
    var h = Hasher()
    for x in l.storage where keep(x.name) {
        combineBytes(x.name, into: &h)
        combineBytes(x.value, into: &h)
    }
    return h.finalize()
}

/// Whether two label arrays share one buffer: the common case in the engine, where the labels of a loaded
/// series (or of an aggregation group) are passed along step after step.
@inline(__always)
func sameStorage(_ x: [Label], _ y: [Label]) -> Bool {
    x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in px.baseAddress == py.baseAddress } }
}
