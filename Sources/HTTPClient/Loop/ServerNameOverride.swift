import CCurl

/// How `TLSOptions.serverName` is implemented with libcurl.
///
/// libcurl derives SNI and the name it verifies the certificate against from the URL's host, and has no
/// separate option for either. So the URL's host is replaced by the server name, and `CURLOPT_CONNECT_TO`
/// ("serverName:port:originalHost:port") sends the TCP connection to where the original URL pointed.
/// The original authority goes into the `Host` header, so the server sees the request it would have seen
/// without the override (Go's `tls.Config.ServerName` behaves the same way). `CURLOPT_RESOLVE` was not used
/// because it needs an IP address, and the original host may itself be a DNS name.
struct ServerNameOverride {
    /// The request URL with its host replaced by the server name.
    var url: String
    /// The `CURLOPT_CONNECT_TO` entry.
    var connectTo: String
    /// `host[:port]` of the original URL, for the `Host` header.
    var originalAuthority: String

    /// Returns `nil` when nothing needs overriding (plain HTTP, or the name already matches).
    init?(url: String, serverName: String, request: Submission) throws(HTTPClientError) {
        guard let handle = curl_url() else {
            throw request.error(.initialization, "curl_url() returned NULL")
        }
        defer { curl_url_cleanup(handle) }
        let parsed = curl_url_set(handle, CURLUPART_URL, url, 0)
        guard parsed == CURLUE_OK else {
            throw request.error(.invalidRequest, "cannot parse URL: \(String(cString: curl_url_strerror(parsed)))")
        }
        guard Self.get(handle, CURLUPART_SCHEME)?.lowercased() == "https",
            let host = Self.get(handle, CURLUPART_HOST),
            let port = Self.get(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)),
            host.lowercased() != serverName.lowercased()
        else { return nil }

        let explicitPort = Self.get(handle, CURLUPART_PORT)
        let renamed = curl_url_set(handle, CURLUPART_HOST, serverName, 0)
        guard renamed == CURLUE_OK, let rewritten = Self.get(handle, CURLUPART_URL) else {
            throw request.error(
                .invalidRequest, "tls server_name \"\(serverName)\" is not a valid host name")
        }
        self.url = rewritten
        self.connectTo = "\(serverName):\(port):\(host):\(port)"
        self.originalAuthority = explicitPort.map { "\(host):\($0)" } ?? host
    }

    private static func get(_ handle: OpaquePointer, _ part: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
