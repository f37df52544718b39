import Exposition

/// Appends JSON to a byte buffer, escaping strings exactly as Go's `encoding/json` (and so Prometheus) does:
/// `<`, `>`, `&`, U+2028 and U+2029 become `\u003c`-style escapes, so clients that compare bodies byte for
/// byte (and Grafana's parsers) see what Prometheus would send.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                raw("\\u")
                let v = scalar.value
                bytes.append(hex[Int((v >> 12) & 0xF)])
                bytes.append(hex[Int((v >> 8) & 0xF)])
                bytes.append(hex[Int((v >> 4) & 0xF)])
                bytes.append(hex[Int(v & 0xF)])
            default:
                if scalar.value < 0x20 {
                    raw("\\u00")
                    bytes.append(hex[Int(scalar.value >> 4)])
                    bytes.append(hex[Int(scalar.value & 0xF)])
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ v: Int) { raw(String(v)) }

    public mutating func bool(_ v: Bool) { raw(v ? "true" : "false") }

    /// A JSON number for a plain Double (not a sample value), as Go's `encoding/json` writes it.
    public mutating func number(_ v: Double) {
        if v.isFinite { raw(formatPromJSONFloat(v)) } else { raw("null") }
    }

    /// `"key":` — the caller writes the value next.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A sample value as Prometheus's API writes it: a JSON string of the float.
    public mutating func sampleValue(_ v: Double) {
        bytes.append(UInt8(ascii: "\""))
        raw(formatPromJSONFloat(v))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A timestamp in ms written as seconds with up to three decimals (Prometheus's `MarshalTimestamp`,
    /// which keeps trailing zeros of a non-zero fraction: 1.500 stays "1.500").
    public mutating func timestamp(_ t: Int64) {
        var t = t
        if t < 0 {
            bytes.append(UInt8(ascii: "-"))
            t = -t
        }
        raw(String(t / 1000))
        let fraction = t % 1000
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            if fraction < 100 { bytes.append(UInt8(ascii: "0")) }
            if fraction < 10 { bytes.append(UInt8(ascii: "0")) }
            raw(String(fraction))
        }
    }

    /// `{"a":"b",...}` of a label set, in label order.
    public mutating func labels(_ labels: some Sequence<(name: String, value: String)>) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (n, v) in labels {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            key(n)
            string(v)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func stringArray(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
