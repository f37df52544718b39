/// Float formatting that matches Go's `strconv.FormatFloat` as Prometheus uses it.

/// A sample value as Prometheus's JSON API prints it (`jsonutil.MarshalFloat`): shortest round-trip digits in
/// positional notation, switching to exponent form below 1e-6 and from 1e21; `+Inf`, `-Inf`, `NaN`.
public func formatSampleValue(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v == .infinity { return "+Inf" }
    if v == -.infinity { return "-Inf" }
    let a = abs(v)
    if a != 0 && (a < 1e-6 || a >= 1e21) { return formatExponent(v) }
    return formatPositional(v)
}

/// Shortest round-trip decimal digits of a finite double and where the decimal point goes.
struct ShortestDigits {
    var negative: Bool
    /// Significant digits, no leading or trailing zeros ("0" for zero).
    var digits: [UInt8]
    /// Number of digits before the decimal point (may be <= 0 or > digits.count).
    var pointPosition: Int

    init(_ v: Double) {
        negative = v.sign == .minus
        // Swift's description prints the shortest representation that round-trips.
        let s = Array(abs(v).description.utf8)
        var mantissa = s[...]
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = s[..<e]
            exponent = Int(String(decoding: s[(e + 1)...], as: UTF8.self))!
        }
        var ds: [UInt8] = []
        var point = mantissa.count
        for (i, c) in mantissa.enumerated() {
            if c == UInt8(ascii: ".") { point = i } else { ds.append(c) }
        }
        point += exponent
        while ds.count > 1, ds.first == UInt8(ascii: "0") {
            ds.removeFirst()
            point -= 1
        }
        while ds.count > 1, ds.last == UInt8(ascii: "0") { ds.removeLast() }
        if ds == [UInt8(ascii: "0")] { point = 1 }
        digits = ds
        pointPosition = point
    }
}

func formatPositional(_ v: Double) -> String {
    let d = ShortestDigits(v)
    var out: [UInt8] = d.negative ? [UInt8(ascii: "-")] : []
    if d.pointPosition <= 0 {
        out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -d.pointPosition) + d.digits
    } else if d.pointPosition >= d.digits.count {
        out += d.digits + [UInt8](repeating: UInt8(ascii: "0"), count: d.pointPosition - d.digits.count)
    } else {
        out += d.digits[..<d.pointPosition] + [UInt8(ascii: ".")] + d.digits[d.pointPosition...]
    }
    return String(decoding: out, as: UTF8.self)
}

func formatExponent(_ v: Double) -> String {
    let d = ShortestDigits(v)
    var out: [UInt8] = d.negative ? [UInt8(ascii: "-")] : []
    out.append(d.digits[0])
    if d.digits.count > 1 {
        out.append(UInt8(ascii: "."))
        out += d.digits[1...]
    }
    let exp = d.pointPosition - 1
    out.append(UInt8(ascii: "e"))
    out.append(exp < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
    let e = String(abs(exp))
    if e.count < 2 { out.append(UInt8(ascii: "0")) }
    out += Array(e.utf8)
    return String(decoding: out, as: UTF8.self)
}
