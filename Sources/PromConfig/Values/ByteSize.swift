/// A size in bytes written with a unit (`512MB`, `1GiB`), as Prometheus's `body_size_limit`.
///
/// Like Go's `units.Base2Bytes` that Prometheus uses, every unit is a power of 1024 (`KB` = `KiB` = 1024) and a
/// unit is required (except for `0`). Printed as Prometheus prints it: `100MiB`, `0B`.
public struct ByteSize: Sendable, Hashable, Comparable, Encodable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }
    public static let zero = ByteSize(bytes: 0)

    public static func < (a: ByteSize, b: ByteSize) -> Bool { a.bytes < b.bytes }

    static let units: [(String, Int64)] = [
        ("EiB", 1 << 60), ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1),
    ]

    public init(parsing text: String) throws(DurationError) {
        if text == "0" {
            bytes = 0
            return
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        let aliases: [String: Int64] = [
            "B": 1, "KB": 1 << 10, "KiB": 1 << 10, "MB": 1 << 20, "MiB": 1 << 20, "GB": 1 << 30, "GiB": 1 << 30,
            "TB": 1 << 40, "TiB": 1 << 40, "PB": 1 << 50, "PiB": 1 << 50, "EB": 1 << 60, "EiB": 1 << 60,
        ]
        guard let n = Int64(digits), let mult = aliases[String(unit)] else {
            throw DurationError(message: "invalid size \(quoted(text)): expected a number with a unit (B, KB, MB, GB, TB, PB, EB)")
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: mult)
        if overflow { throw DurationError(message: "size \(quoted(text)) is too large") }
        bytes = v
    }

    public var description: String {
        if bytes == 0 { return "0B" }
        for (unit, size) in Self.units where bytes % size == 0 { return "\(bytes / size)\(unit)" }
        return "\(bytes)B"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension NodeDecoder {
    public func byteSize() throws(ConfigError) -> ByteSize {
        let text = try string()
        do {
            return try ByteSize(parsing: text)
        } catch {
            throw self.error(error.message)
        }
    }
}
