/// A configuration file that cannot be used, with where and why.
///
/// Rendered as `file:line:column: path: message`, e.g.
/// `prometheus.yml:7:5: scrape_configs[0]: unknown field "scrape_intervall"`. `path` is the YAML path of the
/// object or field at fault (empty for the document root); line and column are 1-based and absent only when
/// the problem has no position (a file that cannot be read).
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var out = file
        if let line {
            out += ":\(line)"
            if let column { out += ":\(column)" }
        }
        out += ": "
        if !path.isEmpty { out += path + ": " }
        return out + message
    }
}
