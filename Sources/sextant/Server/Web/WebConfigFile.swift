import Foundation
import Logging
import PromConfig
import Synchronization

/// Why `--web.config.file` cannot be used: names the flag, the file (and line, for a YAML or validation error) and
/// the reason, e.g. `--web.config.file=web.yml:3:1: unknown field "basic_auth_user"`.
struct WebConfigError: Error, CustomStringConvertible, Equatable {
    var file: String
    /// `:line:column` within the file, or empty.
    var position = ""
    var reason: String

    var description: String { "--web.config.file=\(file)\(position): \(reason)" }

    init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// A read, parse or validation error of the file itself.
    init(file: String, _ error: ConfigError) {
        self.file = file
        if let line = error.line { position = ":\(line)" + (error.column.map { ":\($0)" } ?? "") }
        reason = error.path.isEmpty ? error.message : "\(error.path): \(error.message)"
    }
}

/// The `--web.config.file` as the web server sees it. It is loaded and validated before the port is bound, then
/// re-read whenever its modification time, size or inode changes (Prometheus re-reads it on every request), so
/// edits to `basic_auth_users` and `http_server_config.headers` apply without a restart; the TLS settings are fixed
/// at start, apart from the certificate and key files themselves (see `WebTLS`).
///
/// Thread-safe; `current()` costs one `stat` per request while the file is unchanged.
final class WebConfigFile: Sendable {
    let path: String
    /// The config loaded at start: the one the TLS settings come from.
    let initial: WebConfig
    private let logger: Logger

    private struct State {
        var stamp: FileStamp?
        /// The last outcome of loading the file: while it is an error, requests are refused (as in Prometheus).
        var loaded: Result<WebConfig, WebConfigError>
    }
    private let state: Mutex<State>

    /// Loads the file; throws when it is missing, is not valid YAML or does not validate.
    init(path: String, logger: Logger) throws(WebConfigError) {
        self.path = path
        self.logger = logger
        let stamp = FileStamp(path: path)
        initial = try Self.load(path)
        state = Mutex(State(stamp: stamp, loaded: .success(initial)))
    }

    /// The config now in force, re-read first if the file changed. A failure is logged once per change of the file.
    func current() -> Result<WebConfig, WebConfigError> {
        let stamp = FileStamp(path: path)
        return state.withLock { s in
            if stamp == s.stamp, stamp != nil { return s.loaded }
            s.stamp = stamp
            do throws(WebConfigError) {
                let config = try Self.load(path)
                s.loaded = .success(config)
                logger.info("Web config file reloaded", metadata: ["file": "\(path)"])
                if config.tlsServerConfig != initial.tlsServerConfig {
                    logger.warning(
                        "tls_server_config changed; it applies at restart (new certificate file contents apply now)",
                        metadata: ["file": "\(path)"])
                }
            } catch {
                s.loaded = .failure(error)
                logger.error(
                    "Web config file does not load; refusing requests until it does", metadata: ["err": "\(error)"])
            }
            return s.loaded
        }
    }

    static func load(_ path: String) throws(WebConfigError) -> WebConfig {
        do {
            return try WebConfig.load(path: path)
        } catch {
            throw WebConfigError(file: path, error)
        }
    }
}

/// What identifies one version of a file without reading it; nil when the file cannot be stat'ed.
struct FileStamp: Equatable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int64
    var inode: UInt64

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if os(Linux)
            seconds = Int(st.st_mtim.tv_sec)
            nanoseconds = Int(st.st_mtim.tv_nsec)
        #else
            seconds = Int(st.st_mtimespec.tv_sec)
            nanoseconds = Int(st.st_mtimespec.tv_nsec)
        #endif
        size = Int64(st.st_size)
        inode = UInt64(st.st_ino)
    }
}
