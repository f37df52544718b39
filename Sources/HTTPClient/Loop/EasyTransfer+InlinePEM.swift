import CCurl

extension EasyTransfer {
    /// In-memory PEM for the CA bundle, client certificate and key (`TLSOptions.caPEM`, `certPEM`, `keyPEM`),
    /// handed to OpenSSL through libcurl's blob options so that inline secrets never touch the disk.
    func configureInlinePEM() throws(HTTPClientError) {
        let tls = request.tls
        if let pem = tls.caPEM { try setBlob(CURLOPT_CAINFO_BLOB, pem, "ca") }
        if let pem = tls.certPEM { try setBlob(CURLOPT_SSLCERT_BLOB, pem, "cert") }
        if let pem = tls.keyPEM { try setBlob(CURLOPT_SSLKEY_BLOB, pem, "key") }
    }

    private func setBlob(_ option: CURLoption, _ pem: String, _ name: String) throws(HTTPClientError) {
        var bytes = Array(pem.utf8)
        let code = bytes.withUnsafeMutableBytes { sx_easy_setopt_blob(easy, option, $0.baseAddress, $0.count) }
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            throw submission.error(.invalidRequest, "setting \(name): \(reason)", curlCode: Int(code.rawValue))
        }
    }
}
