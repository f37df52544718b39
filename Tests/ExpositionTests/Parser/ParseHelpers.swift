import Exposition
import PromModel

/// Parses a whole body into readable lines, one per entry:
/// `name{labels} value [@ts] [# exemplar]`, `HELP name|text`, `TYPE name type`, `UNIT name|unit`, `COMMENT text`.
func parseAll(_ text: String, _ format: ExpositionFormat) throws(ExpositionError) -> [String] {
    try parseAll(Array(text.utf8), format)
}

func parseAll(_ body: [UInt8], _ format: ExpositionFormat) throws(ExpositionError) -> [String] {
    var p = ExpositionParser(body, format: format)
    var out: [String] = []
    while let entry = try p.next() {
        switch entry {
        case .series:
            var s = "\(p.labels()) \(formatPromFloat(p.value))"
            if let ts = p.timestamp { s += " @\(ts)" }
            if let e = p.exemplar {
                s += " # \(e.labels) \(formatPromFloat(e.value))"
                if let ts = e.timestamp { s += " @\(ts)" }
            }
            out.append(s)
        case .help: out.append("HELP \(p.metricFamilyName)|\(p.helpText)")
        case .type: out.append("TYPE \(p.metricFamilyName) \(p.metricType.rawValue)")
        case .unit: out.append("UNIT \(p.metricFamilyName)|\(p.unit)")
        case .comment: out.append("COMMENT \(p.comment)")
        }
    }
    return out
}

/// The error text for a body that must fail, or "no error".
func parseError(_ text: String, _ format: ExpositionFormat) -> String {
    parseError(Array(text.utf8), format)
}

func parseError(_ body: [UInt8], _ format: ExpositionFormat) -> String {
    do {
        _ = try parseAll(body, format)
        return "no error"
    } catch {
        return error.description
    }
}

struct GoodCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var expected: [String]
    var testDescription: String { name }
}

struct BadCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: [UInt8]
    var error: String
    init(_ name: String, _ input: String, _ error: String) {
        self.name = name
        self.input = Array(input.utf8)
        self.error = error
    }
    init(_ name: String, bytes: [UInt8], _ error: String) {
        self.name = name
        self.input = bytes
        self.error = error
    }
    var testDescription: String { name }
}

import Testing
