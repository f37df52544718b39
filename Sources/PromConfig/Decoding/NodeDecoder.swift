public import Yams

/// A strict reader over one Yams `Node`: knows its file and YAML path, so every error carries
/// `file:line:column: path`.
///
/// Codable's `DecodingError` loses line numbers and accepts unknown keys; Prometheus rejects unknown keys
/// (strict unmarshalling), and users need the line, hence this small decoder.
public struct NodeDecoder {
    public let file: String
    public let node: Node
    /// Dotted YAML path, e.g. `scrape_configs[0].static_configs[1]`; empty at the root.
    public let path: String
    /// Environment for `${VAR}` expansion where Prometheus expands variables (external_labels).
    public let environment: [String: String]
    /// Directory that relative file paths in the config are resolved against (the config file's directory,
    /// as Prometheus does); empty leaves them as written.
    public let directory: String

    public init(
        file: String, node: Node, path: String = "", environment: [String: String] = [:], directory: String = ""
    ) {
        self.file = file
        self.node = node
        self.path = path
        self.environment = environment
        self.directory = directory
    }

    /// An error positioned at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, path: path, message: message)
    }

    /// An error positioned at this node but reported for the enclosing object's path.
    func error(_ message: String, path: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, path: path, message: message)
    }

    func child(_ node: Node, path: String) -> NodeDecoder {
        NodeDecoder(file: file, node: node, path: path, environment: environment, directory: directory)
    }

    /// Whether the node is YAML null (`~`, `null` or an empty value), which Prometheus treats as absent.
    public var isNull: Bool {
        if case .scalar(let s) = node, s.style == .plain, node.null != nil { return true }
        return false
    }

    var kind: String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    /// Any scalar's text, as Go's YAML library gives it to a string field (`8080` reads as "8080").
    public func string() throws(ConfigError) -> String {
        guard case .scalar(let s) = node else { throw error("expected a string, got \(kind)") }
        if isNull { return "" }
        return s.string
    }

    public func bool() throws(ConfigError) -> Bool {
        guard case .scalar(let s) = node else { throw error("expected a boolean, got \(kind)") }
        switch s.string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: throw error("invalid boolean \(quoted(s.string)): use true or false")
        }
    }

    public func int() throws(ConfigError) -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string.replacingUnderscores()) else {
            throw error("invalid integer \(quoted(scalarText)): expected a whole number")
        }
        return v
    }

    /// A non-negative integer (Go `uint` fields).
    public func uint() throws(ConfigError) -> UInt64 {
        guard case .scalar(let s) = node, let v = UInt64(s.string.replacingUnderscores()) else {
            throw error("invalid unsigned integer \(quoted(scalarText)): expected a whole number >= 0")
        }
        return v
    }

    public func double() throws(ConfigError) -> Double {
        guard case .scalar(let s) = node, let v = node.float ?? Double(s.string) else {
            throw error("invalid number \(quoted(scalarText))")
        }
        return v
    }

    /// A file path; relative paths are joined to `directory`.
    public func filePath() throws(ConfigError) -> String {
        let p = try string()
        if p.isEmpty || p.hasPrefix("/") || directory.isEmpty { return p }
        return directory.hasSuffix("/") ? directory + p : directory + "/" + p
    }

    public func duration() throws(ConfigError) -> PromDuration {
        let text = try string()
        do {
            return try PromDuration(parsing: text)
        } catch {
            throw self.error(error.message)
        }
    }

    var scalarText: String {
        if case .scalar(let s) = node { return s.string }
        return kind
    }

    // MARK: Collections

    /// The elements of a list; null reads as an empty list.
    public func sequence() throws(ConfigError) -> [NodeDecoder] {
        if isNull { return [] }
        guard case .sequence(let seq) = node else { throw error("expected a list, got \(kind)") }
        return seq.enumerated().map { child($0.element, path: "\(path)[\($0.offset)]") }
    }

    public func list<T>(_ element: (NodeDecoder) throws(ConfigError) -> T) throws(ConfigError) -> [T] {
        var out: [T] = []
        for item in try sequence() { out.append(try element(item)) }
        return out
    }

    public func stringList() throws(ConfigError) -> [String] {
        try list { (d: NodeDecoder) throws(ConfigError) -> String in try d.string() }
    }

    /// A mapping of string keys in document order; duplicate keys are rejected.
    ///
    /// YAML merge keys (`<<: *defaults`) are honoured as Go's YAML library does: explicit keys win, and
    /// merged keys keep the position of the anchored text they came from.
    public func entries() throws(ConfigError) -> [(key: String, keyNode: NodeDecoder, value: NodeDecoder)] {
        if isNull { return [] }
        guard case .mapping(let m) = node else { throw error("expected a mapping, got \(kind)") }
        var seen: [String: Int] = [:]
        var out: [(key: String, keyNode: NodeDecoder, value: NodeDecoder)] = []
        var merged: [(key: String, keyNode: NodeDecoder, value: NodeDecoder)] = []
        for (k, v) in m {
            let keyNode = child(k, path: path)
            let key = try keyNode.string()
            if key == "<<" && k.tag.rawValue == Tag.Name.merge.rawValue {
                let source = child(v, path: path)
                switch v {
                case .mapping: merged += try source.entries()
                case .sequence(let items):
                    for item in items {
                        guard case .mapping = item else { throw source.error("a merge key (<<) takes a mapping or a list of mappings") }
                        merged += try child(item, path: path).entries()
                    }
                default: throw source.error("a merge key (<<) takes a mapping or a list of mappings")
                }
                continue
            }
            if let first = seen[key] {
                throw keyNode.error("field \(quoted(key)) already set on line \(first)")
            }
            seen[key] = k.mark?.line ?? 0
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            out.append((key, keyNode, child(v, path: childPath)))
        }
        for e in merged where seen[e.key] == nil {
            seen[e.key] = 0
            let childPath = path.isEmpty ? e.key : "\(path).\(e.key)"
            out.append((e.key, e.keyNode, child(e.value.node, path: childPath)))
        }
        return out
    }

    /// A string → string mapping in document order.
    public func stringMap() throws(ConfigError) -> [(String, String)] {
        var out: [(String, String)] = []
        for e in try entries() { out.append((e.key, try e.value.string())) }
        return out
    }

    /// Opens this node as an object whose only allowed fields are `fields`; see `ObjectDecoder`.
    public func object(_ fields: [String]) throws(ConfigError) -> ObjectDecoder {
        try ObjectDecoder(self, fields: fields)
    }
}

/// The fields of one YAML mapping, checked against the names a type accepts.
///
/// Unknown fields are reported when the object is opened, before any value is read: a misspelt key is
/// the likeliest cause of the surprises that follow from it.
public struct ObjectDecoder {
    public let decoder: NodeDecoder
    let values: [String: NodeDecoder]
    let keys: [String: NodeDecoder]

    init(_ d: NodeDecoder, fields: [String]) throws(ConfigError) {
        decoder = d
        let allowed = Set(fields)
        var values: [String: NodeDecoder] = [:]
        var keys: [String: NodeDecoder] = [:]
        for e in try d.entries() {
            guard allowed.contains(e.key) else {
                throw e.keyNode.error("unknown field \(quoted(e.key))", path: d.path)
            }
            keys[e.key] = e.keyNode
            if !e.value.isNull { values[e.key] = e.value }
        }
        self.values = values
        self.keys = keys
    }

    /// The value of `key`, or nil when absent or null.
    public subscript(_ key: String) -> NodeDecoder? { values[key] }

    /// Whether the key was written at all (even with a null value).
    public func has(_ key: String) -> Bool { keys[key] != nil }

    /// Decodes `key` with `read` when present.
    public func decode<T>(_ key: String, _ read: (NodeDecoder) throws(ConfigError) -> T) throws(ConfigError) -> T? {
        guard let d = values[key] else { return nil }
        return try read(d)
    }

    /// Decodes `key` when present, or returns `fallback`.
    public func decode<T>(
        _ key: String, default fallback: T, _ read: (NodeDecoder) throws(ConfigError) -> T
    ) throws(ConfigError) -> T {
        guard let d = values[key] else { return fallback }
        return try read(d)
    }

    public func string(_ key: String) throws(ConfigError) -> String? { try decode(key) { d throws(ConfigError) in try d.string() } }
    public func bool(_ key: String) throws(ConfigError) -> Bool? { try decode(key) { d throws(ConfigError) in try d.bool() } }
    public func int(_ key: String) throws(ConfigError) -> Int? { try decode(key) { d throws(ConfigError) in try d.int() } }
    public func uint(_ key: String) throws(ConfigError) -> UInt64? { try decode(key) { d throws(ConfigError) in try d.uint() } }
    public func duration(_ key: String) throws(ConfigError) -> PromDuration? {
        try decode(key) { d throws(ConfigError) in try d.duration() }
    }
    public func filePath(_ key: String) throws(ConfigError) -> String? {
        try decode(key) { d throws(ConfigError) in try d.filePath() }
    }
    public func stringList(_ key: String) throws(ConfigError) -> [String]? {
        try decode(key) { d throws(ConfigError) in try d.stringList() }
    }
    public func list<T>(_ key: String, _ element: (NodeDecoder) throws(ConfigError) -> T) throws(ConfigError) -> [T] {
        guard let d = values[key] else { return [] }
        return try d.list(element)
    }

    /// An error positioned at `key`'s value (or at the object when the key is absent).
    public func error(at key: String, _ message: String) -> ConfigError {
        if let v = values[key] { return v.error(message) }
        if let k = keys[key] { return k.error(message) }
        return decoder.error(message)
    }

    /// An error positioned at `key`'s value but reported with the object's path.
    public func objectError(at key: String?, _ message: String) -> ConfigError {
        if let key, let v = values[key] ?? keys[key] { return v.error(message, path: decoder.path) }
        return decoder.error(message)
    }
}

func quoted(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out + "\""
}

extension String {
    /// YAML 1.1 allows `1_000`; Go's YAML library does too.
    func replacingUnderscores() -> String { contains("_") ? filter { $0 != "_" } : self }
}
