#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of parsing a sample value or OpenMetrics timestamp.
enum FloatParseResult {
    case value(Double)
    case syntax
    /// A finite literal too large for a Double; Go's `ParseFloat` (and so Prometheus) rejects it.
    case outOfRange
}

/// Parses `b[range]` with the grammar of Go's `strconv.ParseFloat(s, 64)` as Prometheus uses it:
/// decimal numbers with optional sign, fraction and exponent; `Inf`/`Infinity` in any case with optional sign;
/// `NaN` in any case without sign. Hex floats and `_` separators are refused (Prometheus bans `p`, `P`, `_`).
///
/// Does not allocate: the common case (≤ 19 significant digits, small exponent) is computed exactly
/// (Clinger's fast path); the rest goes through `strtod` on a stack copy.
func parseGoFloat(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> FloatParseResult {
    var i = range.lowerBound
    let end = range.upperBound
    guard i < end else { return .syntax }
    var negative = false
    var signed = false
    if b[i] == 0x2B || b[i] == 0x2D {  // + -
        negative = b[i] == 0x2D
        signed = true
        i += 1
        guard i < end else { return .syntax }
    }
    let first = b[i] | 0x20
    if first == 0x69 {  // i
        let n = end - i
        guard n == 3 || n == 8, matchesIgnoringCase(b, i, "infinity", count: n) else { return .syntax }
        return .value(negative ? -.infinity : .infinity)
    }
    if first == 0x6E {  // n
        guard !signed, end - i == 3, matchesIgnoringCase(b, i, "nan", count: 3) else { return .syntax }
        return .value(.nan)
    }

    var mantissa: UInt64 = 0
    var significantDigits = 0
    var truncated = false
    var decimalExponent = 0  // value = mantissa × 10^decimalExponent
    var sawDigit = false
    var sawDot = false
    while i < end {
        let c = b[i]
        if isDigit(c) {
            sawDigit = true
            if mantissa == 0 && c == 0x30 {
                if sawDot { decimalExponent -= 1 }
            } else if significantDigits < 19 {
                mantissa = mantissa * 10 + UInt64(c - 0x30)
                significantDigits += 1
                if sawDot { decimalExponent -= 1 }
            } else {
                if c != 0x30 { truncated = true }
                if !sawDot { decimalExponent += 1 }
            }
        } else if c == 0x2E && !sawDot {
            sawDot = true
        } else {
            break
        }
        i += 1
    }
    guard sawDigit else { return .syntax }
    if i < end {
        guard b[i] | 0x20 == 0x65 else { return .syntax }  // e
        i += 1
        var expNegative = false
        if i < end && (b[i] == 0x2B || b[i] == 0x2D) {
            expNegative = b[i] == 0x2D
            i += 1
        }
        guard i < end else { return .syntax }
        var exp = 0
        while i < end {
            guard isDigit(b[i]) else { return .syntax }
            if exp < 100_000 { exp = exp * 10 + Int(b[i] - 0x30) }
            i += 1
        }
        decimalExponent += expNegative ? -exp : exp
    }
    if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
    if !truncated && mantissa <= (1 << 53) && decimalExponent >= -22 && decimalExponent <= 22 {
        // Both operands are exact doubles, so one correctly rounded operation gives the exact result.
        var v = Double(mantissa)
        if decimalExponent < 0 { v /= exactPowersOfTen[-decimalExponent] } else { v *= exactPowersOfTen[decimalExponent] }
        return .value(negative ? -v : v)
    }
    let v = strtodOnStack(b, range)
    return v.isInfinite ? .outOfRange : .value(v)
}

private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

private func matchesIgnoringCase(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ word: StaticString, count: Int) -> Bool {
    let w = word.utf8Start
    for k in 0..<count where b[at + k] | 0x20 != w[k] { return false }
    return true
}

/// `strtod` on a NUL-terminated stack copy of an already validated decimal literal.
private func strtodOnStack(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { buf in
        for k in 0..<range.count { buf[k] = CChar(bitPattern: b[range.lowerBound + k]) }
        buf[range.count] = 0
        return strtod(buf.baseAddress!, nil)
    }
}

/// Parses a text-format timestamp: `[0-9]+` as a signed 64-bit integer; nil on overflow.
func parseDecimalInt64(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
    var v: Int64 = 0
    for k in range {
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(Int64(b[k] - 0x30))
        if o1 || o2 { return nil }
        v = s
    }
    return v
}
