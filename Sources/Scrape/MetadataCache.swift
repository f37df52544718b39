#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Exposition
public import PromModel

/// What a target said about one metric family (`# TYPE`, `# HELP`, `# UNIT`, or the protobuf family's fields),
/// as the metadata APIs show it.
public struct FamilyMetadata: Sendable, Equatable {
    /// The family name as the exposition wrote it (OpenMetrics: without `_total`, `_bucket`, … suffixes).
    public var metric: String
    public var metadata: MetricMetadata

    public init(metric: String, metadata: MetricMetadata) {
        self.metric = metric
        self.metadata = metadata
    }
}

/// The metadata lines of a target's scrapes, per family, for `/api/v1/targets/metadata` and `/api/v1/metadata`.
///
/// Owned by the loop's task, like `ScrapeCache`. A steady-state scrape only compares raw bytes: strings are
/// built when a family is new or its metadata changed. A family whose lines have not been seen for more than
/// `retainIterations` successful scrapes is forgotten, as Prometheus keeps metadata for 10 scrapes after a
/// metric disappeared. `snapshotIfChanged()` hands the loop a sorted copy to publish, only after a change.
struct MetadataCache {
    private struct Entry {
        var rawName: [UInt8]
        var name: String
        var metadata: MetricMetadata
        var rawHelp: [UInt8] = []
        var rawUnit: [UInt8] = []
        var lastIteration: Int
    }

    /// Keyed by the FNV-1a hash of the raw family name; a list handles the rare collision.
    private var entries: [UInt64: [Entry]] = [:]
    private var iteration = 0
    private var changed = false

    static let retainIterations = 10

    /// Which metadata a HELP, TYPE or UNIT entry carries.
    enum Kind {
        case help, type, unit
    }

    /// Records a HELP, TYPE or UNIT line the text parser is positioned on; other entries are ignored.
    mutating func observe(_ kind: ExpositionEntry, parser: ExpositionParser, body: UnsafeRawBufferPointer) {
        let k: Kind
        switch kind {
        case .help: k = .help
        case .type: k = .type
        case .unit: k = .unit
        default: return
        }
        observe(
            k, rawName: UnsafeRawBufferPointer(rebasing: body[parser.metadataNameRange]),
            rawText: UnsafeRawBufferPointer(rebasing: body[parser.metadataTextRange]), type: parser.metricType,
            name: { parser.metricFamilyName }, text: { k == .help ? parser.helpText : parser.unit })
    }

    /// Records the HELP, TYPE or UNIT entry the protobuf parser is positioned on; samples are ignored.
    mutating func observe(_ kind: ProtobufEntry, parser: ProtobufParser, body: UnsafeRawBufferPointer) {
        let k: Kind
        let text: Range<Int>
        switch kind {
        case .help: (k, text) = (.help, parser.helpTextRange)
        case .type: (k, text) = (.type, 0..<0)
        case .unit: (k, text) = (.unit, parser.unitRange)
        case .series, .histogram: return
        }
        observe(
            k, rawName: UnsafeRawBufferPointer(rebasing: body[parser.metricFamilyNameRange]),
            rawText: UnsafeRawBufferPointer(rebasing: body[text]), type: parser.metricType,
            name: { parser.metricFamilyName }, text: { k == .help ? parser.helpText : parser.unit })
    }

    /// Records one metadata entry given as raw bytes (compared without allocating) and, for a new or changed
    /// entry only, as strings from `name` and `text`.
    private mutating func observe(
        _ kind: Kind, rawName name: UnsafeRawBufferPointer, rawText: UnsafeRawBufferPointer, type: MetricType,
        name makeName: () -> String, text makeText: () -> String
    ) {
        var h = FNV1a()
        h.add(name)
        let hash = h.value
        let iteration = self.iteration
        // One hash lookup, then the entry is mutated in place through `values`: a steady scrape allocates and
        // copies nothing here (node_exporter sends about one metadata line per series).
        if let bucket = entries.index(forKey: hash),
            let i = entries.values[bucket].firstIndex(where: { Self.same($0.rawName, name) })
        {
            if Self.update(&entries.values[bucket][i], kind, iteration: iteration, type: type, rawText: rawText, text: makeText) {
                changed = true
            }
            return
        }
        var entry = Entry(rawName: Array(name), name: makeName(), metadata: MetricMetadata(), lastIteration: iteration)
        _ = Self.update(&entry, kind, iteration: iteration, type: type, rawText: rawText, text: makeText)
        entries[hash, default: []].append(entry)
        changed = true
    }

    /// Byte equality by `memcmp` (the generic `elementsEqual` showed in ingestion profiles).
    @inline(__always)
    static func same(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
    }

    /// Applies one metadata entry to its cache entry; true when what the API shows changed.
    private static func update(
        _ e: inout Entry, _ kind: Kind, iteration: Int, type: MetricType, rawText: UnsafeRawBufferPointer,
        text: () -> String
    ) -> Bool {
        var changed = false
        e.lastIteration = iteration
        switch kind {
        case .type:
            if e.metadata.type != type {
                e.metadata.type = type
                changed = true
            }
        case .help:
            if !same(e.rawHelp, rawText) {
                e.rawHelp = Array(rawText)
                e.metadata.help = text()
                changed = true
            }
        case .unit:
            if !same(e.rawUnit, rawText) {
                e.rawUnit = Array(rawText)
                e.metadata.unit = text()
                changed = true
            }
        }
        return changed
    }

    /// Ends a scrape. Only successful scrapes age entries: a target that is down keeps its metadata.
    mutating func endIteration(successful: Bool) {
        guard successful else { return }
        iteration += 1
        let horizon = iteration - Self.retainIterations - 1
        var evicted = false
        for (hash, bucket) in entries where bucket.contains(where: { $0.lastIteration < horizon }) {
            let kept = bucket.filter { $0.lastIteration >= horizon }
            entries[hash] = kept.isEmpty ? nil : kept
            evicted = true
        }
        if evicted { changed = true }
    }

    /// The families sorted by name, when anything changed since the last call; nil otherwise.
    mutating func snapshotIfChanged() -> [FamilyMetadata]? {
        guard changed else { return nil }
        changed = false
        return entries.values.flatMap { $0 }
            .map { FamilyMetadata(metric: $0.name, metadata: $0.metadata) }
            .sorted { byteCompare($0.metric, $1.metric) < 0 }
    }
}
