/// TLS settings for one request, mirroring Prometheus's `tls_config`.
///
/// Files are read by libcurl (OpenSSL) when a connection is made, so a rotated certificate is picked up by
/// the next new connection without restarting anything.
public struct TLSOptions: Sendable, Hashable {
    /// PEM bundle of CAs that verify the server. `nil` uses the system trust store.
    public var caFile: String?
    /// PEM client certificate presented when the server asks for one. Needs `keyFile`.
    public var certFile: String?
    /// PEM private key of `certFile`.
    public var keyFile: String?
    /// Name used for SNI and for verifying the server certificate instead of the URL's host.
    ///
    /// Implemented by rewriting the URL's host to `serverName` (so libcurl sends it as SNI and checks the
    /// certificate against it) and pointing the connection back at the original host and port with
    /// `CURLOPT_CONNECT_TO`; the `Host` header keeps the original authority unless the caller sets one.
    /// Ignored for `http` URLs.
    public var serverName: String?
    /// Skips certificate chain and host name verification. For testing only.
    public var insecureSkipVerify: Bool
    /// Verifies the chain but not that the certificate names the host. With `caPEM` set to the server's own
    /// certificate this pins it: only that certificate is accepted, whatever address the server is reached by
    /// (the operator reads servers by pod IP, which their certificates do not name). libcurl accepts a chain
    /// that ends at any certificate of the bundle (OpenSSL's partial chains).
    public var skipHostnameVerification = false
    /// Lowest TLS version accepted. `nil` leaves libcurl's default (TLS 1.2 with this OpenSSL).
    public var minVersion: TLSVersion?
    /// PEM text of the CA bundle, instead of `caFile` (Prometheus's inline `tls_config.ca`). Kept in memory.
    public var caPEM: String?
    /// PEM text of the client certificate, instead of `certFile` (`tls_config.cert`).
    public var certPEM: String?
    /// PEM text of the client key, instead of `keyFile` (`tls_config.key`).
    public var keyPEM: String?

    public init(
        caFile: String? = nil,
        certFile: String? = nil,
        keyFile: String? = nil,
        serverName: String? = nil,
        insecureSkipVerify: Bool = false,
        minVersion: TLSVersion? = nil
    ) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
        self.minVersion = minVersion
    }
}

public enum TLSVersion: String, Sendable, Hashable, CaseIterable {
    case tls10 = "TLS10"
    case tls11 = "TLS11"
    case tls12 = "TLS12"
    case tls13 = "TLS13"
}
