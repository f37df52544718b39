/// Formats a float exactly as Go's `strconv.FormatFloat(v, 'g', -1, 64)`, which is how Prometheus renders
/// sample values in the text format and in API JSON: the shortest digits that round-trip, `%e` style when the
/// decimal exponent is < -4 or ≥ 21 (`1e+21`, `1e-05`), plain otherwise (`100000`, `0.0001`), and
/// `+Inf`, `-Inf`, `NaN` for the specials.
public func formatPromFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    if v == 0 { return v.sign == .minus ? "-0" : "0" }
    var out: [UInt8] = []
    out.reserveCapacity(24)
    appendGoFloat(v, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// OpenMetrics' canonical float form, used by Prometheus for `le` and `quantile` label values:
/// Go's `%g` with `.0` added to integral values (`1.0`, `1000.0`, but `1e+06`).
public func formatOpenMetricsFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    if v == 0 { return v.sign == .minus ? "-0.0" : "0.0" }
    var out: [UInt8] = []
    appendGoFloat(v, to: &out)
    if !out.contains(0x2E) && !out.contains(0x65) { out += [0x2E, 0x30] }
    return String(decoding: out, as: UTF8.self)
}

/// Formats a sample value for Prometheus's HTTP API JSON (`"value": [t, "…"]`) the way its `jsonutil`
/// does: Go's `strconv.FormatFloat(v, 'f', -1, 64)`, switching to `'e'` when |v| < 1e-6 or ≥ 1e21
/// (`0.000001`, `1e-07`, `123456789`, `1e+21`), and `NaN`, `+Inf`, `-Inf` for the specials.
public func formatPromJSONFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    if v == 0 { return v.sign == .minus ? "-0" : "0" }
    let d = ShortestDigits(v)
    var out: [UInt8] = []
    out.reserveCapacity(24)
    if v < 0 { out.append(0x2D) }
    if v.magnitude < 1e-6 || v.magnitude >= 1e21 { d.appendE(to: &out) } else { d.appendF(to: &out) }
    return String(decoding: out, as: UTF8.self)
}

/// Appends `formatPromFloat(v)` for a finite, non-zero `v`.
func appendGoFloat(_ v: Double, to out: inout [UInt8]) {
    let d = ShortestDigits(v)
    if v < 0 { out.append(0x2D) }
    // Go's %g with shortest precision decides with eprec = 6: %e when the exponent is < -4 or >= 6.
    let exp = d.pointPosition - 1
    if exp < -4 || exp >= 6 { d.appendE(to: &out) } else { d.appendF(to: &out) }
}

/// The shortest round-trip decimal digits of |v| (Swift's `description` computes them) and where the point goes:
/// |v| = 0.d1d2…dn × 10^pointPosition.
struct ShortestDigits {
    var digits: [UInt8] = []
    var pointPosition = 0

    init(_ v: Double) {
        digits.reserveCapacity(17)
        var exponent = 0
        var sawPoint = false
        var leadingZerosAfterPoint = 0
        var intDigits = 0
        var description = v.magnitude.description
        description.withUTF8 { s in
            var i = 0
            while i < s.count {
                let c = s[i]
                if c == 0x2E {
                    sawPoint = true
                } else if c == 0x65 || c == 0x45 {
                    var j = i + 1
                    var neg = false
                    if s[j] == 0x2D || s[j] == 0x2B {
                        neg = s[j] == 0x2D
                        j += 1
                    }
                    var e = 0
                    while j < s.count {
                        e = e * 10 + Int(s[j] - 0x30)
                        j += 1
                    }
                    exponent = neg ? -e : e
                    break
                } else if digits.isEmpty && c == 0x30 {
                    if sawPoint { leadingZerosAfterPoint += 1 }
                } else {
                    digits.append(c)
                    if !sawPoint { intDigits += 1 }
                }
                i += 1
            }
        }
        while digits.last == 0x30 { digits.removeLast() }
        pointPosition = (intDigits > 0 ? intDigits : -leadingZerosAfterPoint) + exponent
    }

    /// Go's `%e` with shortest precision: `d.ddde±XX`, at least two exponent digits.
    func appendE(to out: inout [UInt8]) {
        out.append(digits[0])
        if digits.count > 1 {
            out.append(0x2E)
            out.append(contentsOf: digits[1...])
        }
        out.append(0x65)
        let exp = pointPosition - 1
        out.append(exp < 0 ? 0x2D : 0x2B)
        let e = abs(exp)
        if e < 10 { out.append(0x30) }
        var ds: [UInt8] = []
        var x = e
        repeat {
            ds.append(UInt8(0x30 + x % 10))
            x /= 10
        } while x > 0
        out.append(contentsOf: ds.reversed())
    }

    /// Go's `%f` with shortest precision: all integer digits, then as many fraction digits as needed.
    func appendF(to out: inout [UInt8]) {
        let nd = digits.count
        if pointPosition <= 0 {
            out.append(0x30)
        } else {
            for k in 0..<pointPosition { out.append(k < nd ? digits[k] : 0x30) }
        }
        let fraction = max(nd - pointPosition, 0)
        if fraction > 0 {
            out.append(0x2E)
            for k in 0..<fraction {
                let idx = pointPosition + k
                out.append(idx >= 0 && idx < nd ? digits[idx] : 0x30)
            }
        }
    }
}
