import Foundation
import HummingbirdTLS
import Logging
import NIOSSL
import PromConfig
import Synchronization

/// HTTPS for the web server from `tls_server_config`, with exporter-toolkit's meaning of each field.
///
/// Every file is loaded (and the key checked against the certificate) before the port is bound, so a bad file
/// stops `sextant server` at start. Afterwards the certificate and key files are checked on each new connection,
/// as Prometheus does, and re-read when they change: a rotated certificate applies without a restart (a rotation
/// that does not load is logged and the previous pair stays in use). Other TLS settings apply at restart.
enum WebTLS {
    /// The TLS setup for `t`; `file` is the web config file, for error messages.
    static func configuration(_ t: TLSServerConfig, file: String, logger: Logger) throws(WebConfigError)
        -> TLSChannelConfiguration
    {
        func fail(_ field: String, _ value: String, _ reason: String) -> WebConfigError {
            WebConfigError(file: file, reason: "tls_server_config.\(field) \"\(value)\": \(reason)")
        }
        let pair: CertificatePair
        do throws(CertificatePair.LoadError) {
            pair = try CertificatePair(certFile: t.certFile, keyFile: t.keyFile)
        } catch {
            throw fail(error.field, error.path, error.reason)
        }
        var config = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        config.minimumTLSVersion = nioVersion(t.minVersion)
        config.maximumTLSVersion = nioVersion(t.maxVersion)

        if let ca = t.clientCAFile {
            guard FileManager.default.isReadableFile(atPath: ca) else {
                throw fail("client_ca_file", ca, "cannot read file: no such file or not readable")
            }
            do {
                let roots = try NIOSSLCertificate.fromPEMFile(ca)
                guard !roots.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                config.trustRoots = .certificates(roots)
                // Clients pick their certificate by the CA names the server lists, as with Go's servers.
                config.sendCANameList = true
            } catch {
                throw fail("client_ca_file", ca, "no PEM certificate could be loaded (\(error))")
            }
        }
        if !t.clientAllowedSANs.isEmpty {
            // Refused rather than ignored: ignoring it would let in clients the operator meant to keep out.
            throw fail(
                "client_allowed_sans", t.clientAllowedSANs.joined(separator: ","), "not supported by Sextant yet")
        }
        var acceptAnyCertificate = false
        switch t.clientAuthType {
        case .noClientCert, .requestClientCert:
            // A requested but unchecked certificate changes nothing here, so RequestClientCert does not ask for one.
            config.certificateVerification = .none
        case .requireAnyClientCert:
            config.certificateVerification = .noHostnameVerification
            acceptAnyCertificate = true
        case .verifyClientCertIfGiven:
            config.certificateVerification = .optionalVerification
        case .requireAndVerifyClientCert:
            // Clients are checked against client_ca_file; they have no host name to match.
            config.certificateVerification = .noHostnameVerification
        }

        if !t.cipherSuites.isEmpty {
            var ciphers: [NIOTLSCipher] = []
            for name in t.cipherSuites {
                // Go ignores TLS 1.3 suites in this list (they cannot be configured); so does BoringSSL.
                if goTLS13CipherSuites.contains(name) { continue }
                guard let cipher = goCipherSuites[name] else {
                    let known = (Array(goCipherSuites.keys) + goTLS13CipherSuites).sorted().joined(separator: ", ")
                    throw fail("cipher_suites", name, "unknown cipher suite; known: \(known)")
                }
                ciphers.append(cipher)
            }
            if !ciphers.isEmpty { config.cipherSuiteValues = ciphers }
        }
        if !t.curvePreferences.isEmpty {
            config.curves = try t.curvePreferences.map { name throws(WebConfigError) in
                guard let curve = goCurves[name] else {
                    throw fail(
                        "curve_preferences", name,
                        "unknown curve; known: \(goCurves.keys.sorted().joined(separator: ", "))")
                }
                return curve
            }
        }

        let reloader = CertificateReloader(pair: pair, logger: logger)
        config.sslContextCallback = { _, promise in
            promise.succeed(reloader.currentOverride())
        }
        let channelConfig =
            acceptAnyCertificate
            ? TLSChannelConfiguration(
                tlsConfiguration: config,
                customVerificationCallback: { _, promise in
                    promise.succeed(.certificateVerified)
                })
            : TLSChannelConfiguration(tlsConfiguration: config)
        // Building a context checks what loading alone does not, e.g. that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: config)
        } catch {
            throw WebConfigError(
                file: file,
                reason: "tls_server_config: cert_file \"\(t.certFile)\" and key_file \"\(t.keyFile)\" do not make a "
                    + "usable TLS setup (\(error)); is the key the certificate's?")
        }
        return channelConfig
    }

    static func nioVersion(_ v: PromConfig.TLSVersion) -> NIOSSL.TLSVersion {
        switch v {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }

    /// Go's TLS 1.2 cipher suite names (crypto/tls) → BoringSSL's.
    static let goCipherSuites: [String: NIOTLSCipher] = [
        "TLS_RSA_WITH_AES_128_CBC_SHA": .TLS_RSA_WITH_AES_128_CBC_SHA,
        "TLS_RSA_WITH_AES_256_CBC_SHA": .TLS_RSA_WITH_AES_256_CBC_SHA,
        "TLS_RSA_WITH_AES_128_GCM_SHA256": .TLS_RSA_WITH_AES_128_GCM_SHA256,
        "TLS_RSA_WITH_AES_256_GCM_SHA384": .TLS_RSA_WITH_AES_256_GCM_SHA384,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA": .TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA": .TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA": .TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA": .TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305": .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305": .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ]

    /// TLS 1.3 suites: accepted in `cipher_suites` and ignored, as by Go.
    static let goTLS13CipherSuites: Set<String> = [
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ]

    /// Go's curve names (crypto/tls `CurveID`) → BoringSSL's.
    static let goCurves: [String: NIOTLSCurve] = [
        "CurveP256": .secp256r1, "CurveP384": .secp384r1, "CurveP521": .secp521r1, "X25519": .x25519,
    ]
}

/// A certificate chain and its private key, as loaded from their files, with the files' stamps.
struct CertificatePair: Sendable {
    struct LoadError: Error {
        var field: String
        var path: String
        var reason: String
    }

    let certFile: String
    let keyFile: String
    var chain: [NIOSSLCertificate]
    var key: NIOSSLPrivateKey
    var stamps: [FileStamp?]

    init(certFile: String, keyFile: String) throws(LoadError) {
        self.certFile = certFile
        self.keyFile = keyFile
        stamps = [FileStamp(path: certFile), FileStamp(path: keyFile)]
        for (field, path) in [("cert_file", certFile), ("key_file", keyFile)]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw LoadError(field: field, path: path, reason: "cannot read file: no such file or not readable")
        }
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certFile)
        } catch {
            throw LoadError(field: "cert_file", path: certFile, reason: "not a PEM certificate (\(error))")
        }
        guard !chain.isEmpty else {
            throw LoadError(field: "cert_file", path: certFile, reason: "no PEM certificate in the file")
        }
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw LoadError(field: "key_file", path: keyFile, reason: "not a PEM private key (\(error))")
        }
    }
}

/// Hands each TLS handshake the current certificate and key, re-reading the files when their stamps change.
final class CertificateReloader: Sendable {
    private let current: Mutex<CertificatePair>
    private let certFile: String
    private let keyFile: String
    private let logger: Logger

    init(pair: CertificatePair, logger: Logger) {
        current = Mutex(pair)
        self.logger = logger
        certFile = pair.certFile
        keyFile = pair.keyFile
    }

    func currentOverride() -> NIOSSLContextConfigurationOverride {
        let stamps = [FileStamp(path: certFile), FileStamp(path: keyFile)]
        let pair = current.withLock { pair -> CertificatePair in
            guard stamps != pair.stamps else { return pair }
            do throws(CertificatePair.LoadError) {
                let next = try CertificatePair(certFile: certFile, keyFile: keyFile)
                do {
                    _ = try NIOSSLContext(
                        configuration: .makeServerConfiguration(
                            certificateChain: next.chain.map { .certificate($0) }, privateKey: .privateKey(next.key)))
                } catch {
                    throw CertificatePair.LoadError(
                        field: "key_file", path: keyFile, reason: "does not match cert_file \"\(certFile)\" (\(error))")
                }
                pair = next
                logger.info(
                    "Reloaded TLS certificate", metadata: ["cert_file": "\(certFile)", "key_file": "\(keyFile)"])
            } catch {
                // Remember the stamps, so that the failure is logged once per change rather than per connection.
                pair.stamps = stamps
                logger.error(
                    "TLS certificate files changed but do not load; keeping the previous ones",
                    metadata: ["file": "\(error.path)", "err": "\(error.field): \(error.reason)"])
            }
            return pair
        }
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = pair.chain.map { .certificate($0) }
        override.privateKey = .privateKey(pair.key)
        return override
    }
}
