import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A `sextant server` that scrapes itself every 100 ms, so that its TSDB ingests steadily, plus helpers to read
/// back exactly what it stored: raw samples through a range-vector instant query, which returns every sample
/// with its own timestamp.
struct SelfScrapingServer {
    let dir: TemporaryDirectory
    let dataDirectory: String
    let config: String
    let port: Int
    var server: SextantServer

    /// Starts a server on `dataDirectory` (default: `<dir>/data`) scraping its own `/metrics`.
    static func start(
        dir: TemporaryDirectory, dataDirectory: String? = nil, extraArguments: [String] = [], configExtra: String = ""
    ) async throws -> SelfScrapingServer {
        let port = try PeerProcess.freeTCPPort()
        let config = dir.file("prometheus-\(port).yml")
        try """
            global:
              scrape_interval: 100ms
              scrape_timeout: 100ms
            scrape_configs:
              - job_name: self
                static_configs:
                  - targets: ["127.0.0.1:\(port)"]
            \(configExtra)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let data = dataDirectory ?? dir.file("data")
        let server = try await SextantServer.start(
            configFile: config, dataDirectory: data, port: port, extraArguments: extraArguments)
        return SelfScrapingServer(dir: dir, dataDirectory: data, config: config, port: port, server: server)
    }

    /// Starts a new server process on the same data directory (a new port; the old target then reads as down).
    func restarted(extraArguments: [String] = []) async throws -> SelfScrapingServer {
        try await Self.start(dir: dir, dataDirectory: dataDirectory, extraArguments: extraArguments)
    }

    /// SIGKILL, then wait until the process is gone: nothing is flushed or closed.
    func kill9() {
        server.process.send(signal: SIGKILL)
        while server.process.isRunning { usleep(10_000) }
    }

    var output: String { server.process.output }
}

/// One raw sample of one series, comparable across restarts.
struct StoredSample: Hashable, CustomStringConvertible {
    var series: String
    var t: Double
    var value: String
    var description: String { "\(series)@\(t)=\(value)" }
}

struct QueryFailed: Error, CustomStringConvertible {
    var description: String
}

enum StoredSamples {
    /// Every raw sample of series matching `selector` in the `range` before `time` (seconds).
    static func read(_ baseURL: String, selector: String, range: String = "1h", time: Double) async throws -> Set<StoredSample> {
        let q = TestHTTP.escape("\(selector)[\(range)]")
        let r = try await TestHTTP.get("\(baseURL)/api/v1/query?query=\(q)&time=\(time)")
        guard r.status == 200 else { throw QueryFailed(description: "query \(selector): \(r.status) \(r.body)") }
        let data = try #require(r.json()["data"] as? [String: Any])
        let result = data["result"] as? [[String: Any]] ?? []
        var out = Set<StoredSample>()
        for s in result {
            let metric = (s["metric"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            for pair in s["values"] as? [[Any]] ?? [] {
                guard pair.count == 2, let t = pair[0] as? Double, let v = pair[1] as? String else { continue }
                out.insert(StoredSample(series: metric, t: t, value: v))
            }
        }
        return out
    }

    /// Waits until at least `count` samples of `up{job="self"}` are stored, then returns them all.
    static func waitForUp(_ baseURL: String, count: Int, time: Double) async throws -> Set<StoredSample>? {
        try await TestHTTP.eventually(timeout: .seconds(60)) {
            let s = try await read(baseURL, selector: #"up{job="self"}"#, time: time)
            return s.count >= count ? s : nil
        }
    }
}

/// Seconds since the epoch, a minute ahead: an evaluation time after every sample a test writes.
func queryTimeAhead() -> Double { (Date().timeIntervalSince1970 + 600).rounded() }

/// Files of `directory`, recursively, relative paths sorted.
func listFiles(_ directory: String) -> [String] {
    (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).sorted()
}

/// Flips the bits of the byte at `offset` of `path`.
func flipByte(_ path: String, at offset: Int) throws {
    let h = try #require(FileHandle(forUpdatingAtPath: path), "cannot open \(path)")
    defer { try? h.close() }
    try h.seek(toOffset: UInt64(offset))
    let b = try #require(try h.read(upToCount: 1)?.first, "\(path) has no byte at \(offset)")
    try h.seek(toOffset: UInt64(offset))
    try h.write(contentsOf: [b ^ 0xFF])
}

/// Truncates `path` to `size` bytes.
func truncateFile(_ path: String, to size: Int) throws {
    #expect(truncate(path, off_t(size)) == 0, "truncate \(path): errno \(errno)")
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
}
