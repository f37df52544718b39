/// Decodes a PromQL string literal (with its quotes) the way Go's `strconv.Unquote` does.
func unquoteString(_ raw: String) -> String? {
    unquoteBytes(raw).map { String(decoding: $0, as: UTF8.self) }
}

/// Whether the literal decodes to bytes that are not valid UTF-8 (Go strings may hold any bytes).
func unquotedBytesAreInvalidUTF8(_ raw: String) -> Bool {
    guard let b = unquoteBytes(raw) else { return false }
    var it = b.makeIterator()
    var dec = UTF8()
    while true {
        switch dec.decode(&it) {
        case .scalarValue: continue
        case .emptyInput: return false
        case .error: return true
        }
    }
}

/// The bytes a literal spells, nil when it is malformed.
func unquoteBytes(_ raw: String) -> [UInt8]? {
    let b = Array(raw.utf8)
    guard b.count >= 2, let q = b.first, b.last == q else { return nil }
    let body = b[1..<(b.count - 1)]
    if q == UInt8(ascii: "`") { return Array(body) }
    var out: [UInt8] = []
    var i = body.startIndex
    func hexVal(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }
    func appendScalar(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        out.append(contentsOf: Array(String(Character(s)).utf8))
        return true
    }
    while i < body.endIndex {
        let c = body[i]
        if c == q { return nil }
        if c != UInt8(ascii: "\\") {
            out.append(c)
            i += 1
            continue
        }
        i += 1
        guard i < body.endIndex else { return nil }
        let e = body[i]
        i += 1
        switch e {
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard e == q else { return nil }
            out.append(e)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
            guard i + n <= body.endIndex else { return nil }
            var v: UInt32 = 0
            for k in 0..<n {
                guard let h = hexVal(body[i + k]) else { return nil }
                v = v * 16 + h
            }
            i += n
            if e == UInt8(ascii: "x") { out.append(UInt8(v)) } else if !appendScalar(v) { return nil }
        case 0x30...0x37:
            guard i + 2 <= body.endIndex else { return nil }
            var v = UInt32(e - 0x30)
            for k in 0..<2 {
                let d = body[i + k]
                guard d >= 0x30 && d <= 0x37 else { return nil }
                v = v * 8 + UInt32(d - 0x30)
            }
            guard v <= 255 else { return nil }
            i += 2
            out.append(UInt8(v))
        default:
            return nil
        }
    }
    return out
}

/// Go's `%q` of arbitrary bytes: `goQuote` for the valid UTF-8 runs, `\xNN` for other bytes.
func goQuoteBytes(_ bytes: [UInt8]) -> String {
    var out = ""
    var run: [UInt8] = []
    var i = 0
    func flush() {
        if !run.isEmpty { out += goQuote(String(decoding: run, as: UTF8.self)).dropFirst().dropLast() }
        run.removeAll()
    }
    while i < bytes.count {
        // Length of a valid sequence starting at i, or 0.
        var it = bytes[i...].makeIterator()
        var dec = UTF8()
        var len = 0
        if case .scalarValue(let s) = dec.decode(&it) { len = String(s).utf8.count }
        if len == 0 {
            flush()
            let hex = String(bytes[i], radix: 16)
            out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            i += 1
        } else {
            run.append(contentsOf: bytes[i..<(i + len)])
            i += len
        }
    }
    flush()
    return "\"" + out + "\""
}
