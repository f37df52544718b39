import CCurl

/// Translates an `HTTPRequest` into easy-handle options. Runs on the loop thread before the handle is added.
extension EasyTransfer {
    /// Maximum redirects followed, as in Go's `http.Client`.
    static let maxRedirects = 10
    /// Seconds an idle cached connection may wait for reuse before libcurl closes it.
    static let maxIdleSeconds = 300

    func configure(share: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        let request = self.request
        var headers = request.headers
        var url = request.url

        if let serverName = request.tls.serverName, !serverName.isEmpty {
            let override = try ServerNameOverride(url: url, serverName: serverName, request: submission)
            if let override {
                url = override.url
                connectToList = curl_slist_append(nil, override.connectTo)
                try set(CURLOPT_CONNECT_TO, connectToList, "connect_to")
                if headers.first(named: "Host") == nil {
                    headers.append(HTTPHeader("Host", override.originalAuthority))
                }
            }
        }

        try set(CURLOPT_URL, url, "url")
        // Signals are process-wide; a library on a shared thread must not use them for DNS timeouts.
        try set(CURLOPT_NOSIGNAL, 1, "nosignal")
        try set(CURLOPT_PROTOCOLS_STR, "http,https", "protocols")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https", "redirect protocols")
        try check(sx_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer), "errorbuffer")
        try set(CURLOPT_TCP_KEEPALIVE, 1, "tcp_keepalive")
        // libcurl drops connections idle for 118 s, so targets scraped every 2 minutes or more would pay a new
        // handshake on every scrape; Go's transport in Prometheus keeps them for 5 minutes.
        try set(CURLOPT_MAXAGE_CONN, Self.maxIdleSeconds, "maxage_conn")
        if let share { try check(sx_easy_setopt_share(easy, share), "share") }

        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(
            sx_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
                let length = size * count
                let bytes =
                    UnsafeRawPointer(data).map {
                        UnsafeBufferPointer(start: $0.assumingMemoryBound(to: UInt8.self), count: length)
                    } ?? UnsafeBufferPointer(start: nil, count: 0)
                return transfer.receiveBody(bytes) ? length : 0
            }, "writefunction")
        try check(sx_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me), "writedata")
        try check(
            sx_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
                let length = size * count
                if let data {
                    let raw = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
                    transfer.receiveHeaderLine(UnsafeBufferPointer(start: raw, count: length))
                }
                return length
            }, "headerfunction")
        try check(sx_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me), "headerdata")

        try configureMethodAndBody(&headers)
        try configureAuth(&headers)

        if let timeout = request.timeout {
            try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout), "timeout")
        }
        if let connectTimeout = request.connectTimeout {
            try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout), "connect_timeout")
        }
        if request.acceptCompressed {
            // libcurl sends the header and inflates the body before our write callback sees it.
            try set(CURLOPT_ACCEPT_ENCODING, "gzip", "accept_encoding")
        }
        if request.followRedirects {
            try set(CURLOPT_FOLLOWLOCATION, 1, "followlocation")
            try set(CURLOPT_MAXREDIRS, Self.maxRedirects, "maxredirs")
        }
        let version = request.enableHTTP2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1
        try set(CURLOPT_HTTP_VERSION, version, "http_version")

        try configureProxy()
        try configureTLS()

        for header in headers {
            try validate(header)
            // "Name:" with no value makes libcurl drop a header it would add; "Name;" sends it empty.
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            headerList = curl_slist_append(headerList, line)
        }
        if headerList != nil {
            try set(CURLOPT_HTTPHEADER, headerList, "httpheader")
        }
    }

    private func configureMethodAndBody(_ headers: inout [HTTPHeader]) throws(HTTPClientError) {
        let method = request.method
        if method == .head {
            try set(CURLOPT_NOBODY, 1, "nobody")
            return
        }
        let sendsBody = request.body != nil || method == .post || method == .put || method == .patch
        if sendsBody {
            let body = request.body ?? []
            try check(sx_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "postfieldsize")
            // COPYPOSTFIELDS copies, so the body array need not outlive this call.
            let code = body.withUnsafeBytes { bytes -> CURLcode in
                if let base = bytes.baseAddress {
                    return sx_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
                }
                return sx_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
            }
            try check(code, "copypostfields")
            // libcurl would otherwise add a form Content-Type and, for large bodies, wait for 100-continue.
            if headers.first(named: "Content-Type") == nil {
                headerList = curl_slist_append(headerList, "Content-Type:")
            }
            if headers.first(named: "Expect") == nil { headerList = curl_slist_append(headerList, "Expect:") }
        }
        // POSTFIELDS makes libcurl send POST; every other method with a body, and DELETE, is named explicitly.
        let isPlainGet = method == .get && !sendsBody
        if method != .post, !isPlainGet {
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue, "customrequest")
        }
    }

    private func configureAuth(_ headers: inout [HTTPHeader]) throws(HTTPClientError) {
        switch request.auth {
        case nil:
            break
        case .basic(let username, let password):
            try set(CURLOPT_HTTPAUTH, Int(SX_CURLAUTH_BASIC), "httpauth")
            try set(CURLOPT_USERNAME, username, "username")
            try set(CURLOPT_PASSWORD, password, "password")
        case .bearer(let token):
            headers.append(HTTPHeader("Authorization", "Bearer \(token)"))
        case .authorization(let type, let credentials):
            headers.append(HTTPHeader("Authorization", "\(type) \(credentials)"))
        }
    }

    private func configureProxy() throws(HTTPClientError) {
        if let proxy = request.proxyURL, !proxy.isEmpty {
            try set(CURLOPT_PROXY, proxy, "proxy")
        } else if !request.proxyFromEnvironment {
            // An empty string disables proxies, including http_proxy and friends from the environment.
            try set(CURLOPT_PROXY, "", "proxy")
        }
        if let noProxy = request.noProxy {
            try set(CURLOPT_NOPROXY, noProxy, "noproxy")
        }
    }

    private func configureTLS() throws(HTTPClientError) {
        let tls = request.tls
        if let caFile = tls.caFile { try set(CURLOPT_CAINFO, caFile, "ca_file") }
        if let certFile = tls.certFile { try set(CURLOPT_SSLCERT, certFile, "cert_file") }
        if let keyFile = tls.keyFile { try set(CURLOPT_SSLKEY, keyFile, "key_file") }
        try configureInlinePEM()
        if tls.insecureSkipVerify {
            try set(CURLOPT_SSL_VERIFYPEER, 0, "ssl_verifypeer")
            try set(CURLOPT_SSL_VERIFYHOST, 0, "ssl_verifyhost")
        } else if tls.skipHostnameVerification {
            try set(CURLOPT_SSL_VERIFYHOST, 0, "ssl_verifyhost")
        }
        if let minVersion = tls.minVersion {
            let value =
                switch minVersion {
                case .tls10: CURL_SSLVERSION_TLSv1_0
                case .tls11: CURL_SSLVERSION_TLSv1_1
                case .tls12: CURL_SSLVERSION_TLSv1_2
                case .tls13: CURL_SSLVERSION_TLSv1_3
                }
            try set(CURLOPT_SSLVERSION, value, "ssl_version")
        }
    }

    /// A CR or LF would let a header value inject further headers or end the head early.
    private func validate(_ header: HTTPHeader) throws(HTTPClientError) {
        let forbidden: (UInt8) -> Bool = { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }
        let badName =
            header.name.isEmpty
            || header.name.utf8.contains { forbidden($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ") }
        if badName {
            throw submission.error(.invalidRequest, "invalid header name \"\(header.name)\"")
        }
        if header.value.utf8.contains(where: forbidden) {
            throw submission.error(
                .invalidRequest, "header \"\(header.name)\" has a line break or NUL in its value \"\(header.value)\"")
        }
    }

    // MARK: - Typed setopt

    private func set(_ option: CURLoption, _ value: Int, _ name: String) throws(HTTPClientError) {
        try check(sx_easy_setopt_long(easy, option, value), name)
    }

    private func set(_ option: CURLoption, _ value: String, _ name: String) throws(HTTPClientError) {
        try check(sx_easy_setopt_string(easy, option, value), name)
    }

    private func set(_ option: CURLoption, _ list: UnsafeMutablePointer<curl_slist>?, _ name: String)
        throws(HTTPClientError)
    {
        try check(sx_easy_setopt_slist(easy, option, list), name)
    }

    private func check(_ code: CURLcode, _ name: String) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(code))
        throw submission.error(.invalidRequest, "setting \(name): \(reason)", curlCode: Int(code.rawValue))
    }

    /// libcurl treats 0 as "no timeout", so a zero or negative duration becomes the smallest real one.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return Int.max }
        return max(1, Int(ms.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }
}
