// Byte classes of the exposition grammars (Prometheus's promlex.l / openmetricslex.l):
//   D = [0-9], L = [a-zA-Z_] (label names), M = [a-zA-Z_:] (metric names).

@inline(__always)
func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

@inline(__always)
func isLabelNameStart(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c == 0x5F }

@inline(__always)
func isLabelNameChar(_ c: UInt8) -> Bool { isLabelNameStart(c) || isDigit(c) }

@inline(__always)
func isMetricNameStart(_ c: UInt8) -> Bool { isLabelNameStart(c) || c == 0x3A }

@inline(__always)
func isMetricNameChar(_ c: UInt8) -> Bool { isMetricNameStart(c) || isDigit(c) }

enum Byte {
    static let newline: UInt8 = 0x0A
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let hash: UInt8 = 0x23
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let braceOpen: UInt8 = 0x7B
    static let braceClose: UInt8 = 0x7D
    static let equal: UInt8 = 0x3D
    static let comma: UInt8 = 0x2C
}

/// Whether `b[range]` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
        let c = b[i]
        if c < 0x80 { i += 1; continue }
        let n: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: n = 1
        case 0xE0: n = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 2
        case 0xED: n = 2; hi = 0x9F
        case 0xF0: n = 3; lo = 0x90
        case 0xF1...0xF3: n = 3
        case 0xF4: n = 3; hi = 0x8F
        default: return false
        }
        // The lead byte needs n continuation bytes, b[i+1] ... b[i+n].
        guard i + n < end else { return false }
        let c1 = b[i + 1]
        if c1 < lo || c1 > hi { return false }
        var k = 2
        while k <= n {
            let ck = b[i + k]
            if ck < 0x80 || ck > 0xBF { return false }
            k += 1
        }
        i += n + 1
    }
    return true
}

/// Iterates the bytes of an escaped string as Prometheus unescapes label values (`\\`, `\"`, `\n`;
/// any other backslash pair is kept verbatim) or HELP text in the text format (`\\`, `\n` only).
struct UnescapingIterator: IteratorProtocol {
    let b: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int
    let quoteEscapes: Bool
    var pending: UInt8? = nil

    init(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, quoteEscapes: Bool = true) {
        self.b = b
        self.i = range.lowerBound
        self.end = range.upperBound
        self.quoteEscapes = quoteEscapes
    }

    mutating func next() -> UInt8? {
        if let p = pending { pending = nil; return p }
        guard i < end else { return nil }
        let c = b[i]
        i += 1
        guard c == Byte.backslash, i < end else { return c }
        switch b[i] {
        case Byte.backslash: i += 1; return Byte.backslash
        case 0x6E: i += 1; return Byte.newline  // n
        case Byte.quote where quoteEscapes: i += 1; return Byte.quote
        default: return c  // unknown escape: the backslash stays, the next byte is read normally
        }
    }
}

/// Decodes `b[range]` into a String, unescaping when it contains a backslash.
func makeString(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, unescape: Bool = true, quoteEscapes: Bool = true)
    -> String
{
    let raw = UnsafeBufferPointer(rebasing: b[range])
    if !unescape || !raw.contains(Byte.backslash) {
        return String(decoding: raw, as: UTF8.self)
    }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var it = UnescapingIterator(b, range, quoteEscapes: quoteEscapes)
    while let c = it.next() { out.append(c) }
    return String(decoding: out, as: UTF8.self)
}

/// Whether two escaped ranges denote the same string after unescaping.
func unescapedEqual(_ b: UnsafeBufferPointer<UInt8>, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
    if x.count == y.count, memEqual(b, x, y) { return true }
    // Different raw bytes can only be equal when an escape is involved.
    let bx = UnsafeBufferPointer(rebasing: b[x])
    let by = UnsafeBufferPointer(rebasing: b[y])
    guard bx.contains(Byte.backslash) || by.contains(Byte.backslash) else { return false }
    var ix = UnescapingIterator(b, x)
    var iy = UnescapingIterator(b, y)
    while true {
        let cx = ix.next()
        let cy = iy.next()
        if cx != cy { return false }
        if cx == nil { return true }
    }
}

@inline(__always)
func memEqual(_ b: UnsafeBufferPointer<UInt8>, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
    guard x.count == y.count else { return false }
    var i = x.lowerBound
    var j = y.lowerBound
    while i < x.upperBound {
        if b[i] != b[j] { return false }
        i += 1
        j += 1
    }
    return true
}

/// Whether `b[range]` equals the ASCII literal `s`.
@inline(__always)
func bytesEqual(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ s: StaticString) -> Bool {
    guard range.count == s.utf8CodeUnitCount else { return false }
    let p = s.utf8Start
    for k in 0..<range.count where b[range.lowerBound + k] != p[k] { return false }
    return true
}
