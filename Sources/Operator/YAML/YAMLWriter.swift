import Yams

/// Deterministic YAML output for everything the operator renders (CRDs, manifests, scrape configs, rule files).
///
/// Key order is the encoding order (types encode maps sorted), lines never wrap, multi-line strings use
/// literal blocks. Uses Yams directly until PromConfig exports a writer.
package enum YAMLWriter {
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.width = -1
        encoder.options.indent = 2
        encoder.options.allowUnicode = true
        encoder.options.newLineScalarStyle = .literal
        return try encoder.encode(value)
    }

    /// Several documents separated by `---`.
    package static func encodeDocuments<T: Encodable>(_ values: [T]) throws -> String {
        try values.map { "---\n" + (try encode($0)) }.joined()
    }

    /// Decodes one YAML document (used for monitors and CRs read from files and for round-trip tests).
    package static func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
        try YAMLDecoder().decode(type, from: yaml)
    }
}
