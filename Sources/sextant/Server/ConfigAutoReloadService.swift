import Foundation
import Logging
import ServiceLifecycle

/// `--enable-feature=auto-reload-config`: reloads the configuration when the content of the config file or
/// of a file its `scrape_config_files` match changes, checked every `--config.auto-reload-interval`.
///
/// As in Prometheus, a changed file set is reloaded once: when that reload fails, the next attempt waits
/// for the next change rather than retrying the same broken content every interval.
struct ConfigAutoReloadService: Service {
    let config: ConfigReloader
    let interval: Duration
    let logger: Logger

    func run() async throws {
        guard let path = config.path else { return }
        await cancelWhenGracefulShutdown {
            var last = fingerprint(path)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                let now = fingerprint(path)
                guard now != last else { continue }
                last = now
                logger.info("Configuration file change detected, reloading the configuration.", metadata: ["file": "\(path)"])
                config.reload()
                // A successful reload may have changed the included files; watch the new set from here.
                last = fingerprint(path)
            }
        }
    }

    /// A hash of the paths and contents of the config file and the files it includes (64-bit FNV-1a).
    func fingerprint(_ path: String) -> UInt64 {
        var files = [path]
        files += config.config?.includedFiles ?? []
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01b3
            }
        }
        for f in files {
            mix(f.utf8)
            mix([0])
            if let data = FileManager.default.contents(atPath: f) {
                mix(data)
            } else {
                mix([0xff])
            }
        }
        return h
    }
}
