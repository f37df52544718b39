import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension EasyTransfer {
    /// Turns a finished transfer's `CURLcode` into the caller's error, or `nil` on success.
    func error(for code: CURLcode) -> HTTPClientError? {
        guard code != CURLE_OK else { return nil }
        let curlCode = Int(code.rawValue)
        if code == CURLE_WRITE_ERROR, exceededLimit, let limit = request.maxBodySize {
            return submission.error(
                .bodyTooLarge(limit: limit), "response body exceeds the limit of \(limit) bytes", curlCode: curlCode)
        }
        if code == CURLE_WRITE_ERROR, consumerGone {
            return submission.error(.cancelled, "the consumer of the response body went away", curlCode: curlCode)
        }
        var kind = Self.kind(of: code)
        var detail = errorText
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        // A TLS alert after the handshake (TLS 1.3 servers reject a missing client certificate this way)
        // surfaces as a read or write error, but it is a TLS failure to the user.
        if kind == .receive || kind == .send, detail.contains("SSL"), detail.contains("alert") {
            kind = .tls
        }
        var cause = detail
        if kind == .connect || kind == .send || kind == .receive {
            // The OS error ("Connection refused") is what users grep for; libcurl's text adds host and port.
            var osErrno = 0
            if sx_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno) == CURLE_OK, osErrno != 0 {
                cause = "\(String(cString: strerror(Int32(osErrno)))) (\(detail))"
            }
        }
        return submission.error(kind, cause, curlCode: curlCode)
    }

    static func kind(of code: CURLcode) -> HTTPClientError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_PROXY:
            .connect
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            .tls
        case CURLE_SEND_ERROR, CURLE_SEND_FAIL_REWIND:
            .send
        case CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY, CURLE_WRITE_ERROR:
            .receive
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION,
            CURLE_NOT_BUILT_IN:
            .invalidRequest
        case CURLE_TOO_MANY_REDIRECTS:
            .tooManyRedirects
        case CURLE_ABORTED_BY_CALLBACK:
            .cancelled
        default:
            .other
        }
    }
}
