/// Prometheus's `globalUrl` of a target: its scrape URL as seen from outside this machine. A loopback host
/// (`127.0.0.1`, `localhost`, `::1`) is not reachable from elsewhere, so it is replaced by the external URL's
/// host; when the target is this server itself (same port as we listen on), scheme and port follow the
/// external URL too. Anything that does not parse is returned unchanged, as Prometheus does.
struct GlobalURLRewriter: Sendable {
    let externalScheme: String
    /// `host:port` of the external URL.
    let externalHost: String
    let listenPort: String

    init(externalURL: String, listenPort: Int) {
        let (scheme, authority, _) = Self.split(externalURL) ?? ("http", "", "")
        externalScheme = scheme
        externalHost = authority
        self.listenPort = String(listenPort)
    }

    func globalURL(_ url: String) -> String {
        guard let (scheme, authority, rest) = Self.split(url), let (host, port) = Self.hostPort(authority) else {
            return url
        }
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else { return url }
        if port == listenPort {
            return "\(externalScheme)://\(externalHost)\(rest)"
        }
        guard let (externalName, _) = Self.hostPort(externalHost) else { return url }
        let bracketed = externalName.contains(":") ? "[\(externalName)]" : externalName
        return "\(scheme)://\(bracketed):\(port)\(rest)"
    }

    /// `scheme://authority/rest` → (scheme, authority, "/rest"); nil without `://`.
    static func split(_ url: String) -> (String, String, String)? {
        guard let sep = url.range(of: "://") else { return nil }
        let afterScheme = url[sep.upperBound...]
        let end = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        return (String(url[..<sep.lowerBound]), String(afterScheme[..<end]), String(afterScheme[end...]))
    }

    /// Go's `net.SplitHostPort`: `host:port` or `[v6]:port`; nil without a port.
    static func hostPort(_ authority: String) -> (String, String)? {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let after = authority[authority.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            return (String(authority[authority.index(after: authority.startIndex)..<close]), String(after.dropFirst()))
        }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        let host = authority[..<colon]
        if host.contains(":") { return nil }
        return (String(host), String(authority[authority.index(after: colon)...]))
    }
}
