import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `sextant server` process started from the binary `swift build` produced, on a free loopback port,
/// with its own data directory; for end-to-end tests that talk to it over real HTTP.
public final class SextantServer: Sendable {
    public let process: PeerProcess
    public let port: Int
    public let dataDirectory: String
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The `sextant` executable next to the test bundle (both live in `.build/<config>/`).
    public static var binaryPath: String? {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [bundleDir.appendingPathComponent("sextant").path]
        // xctest bundles on Linux may be a directory one level deeper.
        candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("sextant").path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/sextant").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts the server and waits until it listens. `port` 0 picks a free one.
    public static func start(
        configFile: String?, dataDirectory: String, port: Int = 0, extraArguments: [String] = []
    ) async throws -> SextantServer {
        guard let binary = binaryPath else {
            throw PeerProcess.StartError(description: "sextant binary not found; run `swift build` first")
        }
        let port = port == 0 ? try PeerProcess.freeTCPPort() : port
        var args = ["server", "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.path=\(dataDirectory)"]
        if let configFile { args.append("--config.file=\(configFile)") }
        args += extraArguments
        let process = try await PeerProcess.start(
            executable: binary, arguments: args, readiness: .tcpPort(port: port), timeout: .seconds(60))
        do {
            try await waitUntilReady(port: port)
        } catch {
            process.stop()
            throw error
        }
        return SextantServer(process: process, port: port, dataDirectory: dataDirectory)
    }

    /// Waits for `/-/ready` to answer 200: the port opens before the storage is (WAL replay), and answers 503
    /// until then.
    public static func waitUntilReady(port: Int, timeout: Duration = .seconds(60)) async throws {
        let ready = try await TestHTTP.eventually(timeout: timeout, every: .milliseconds(50)) { () async throws -> Bool? in
            try await TestHTTP.get("http://127.0.0.1:\(port)/-/ready").status == 200 ? true : nil
        }
        if ready != true {
            throw PeerProcess.StartError(description: "sextant on port \(port) not ready within \(timeout)")
        }
    }

    init(process: PeerProcess, port: Int, dataDirectory: String) {
        self.process = process
        self.port = port
        self.dataDirectory = dataDirectory
    }

    public func stop() { process.stop() }
}

/// A response as the tests see it.
public struct TestHTTPResponse: Sendable {
    public var status: Int
    public var body: String
    public var contentType: String?

    /// The body parsed as a JSON object.
    public func json() throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw PeerProcess.StartError(description: "response is not a JSON object: \(body)")
        }
        return obj
    }
}

/// Plain HTTP requests for tests, through Foundation (independent of the HTTP client under test).
public enum TestHTTP {
    public static func get(_ url: String) async throws -> TestHTTPResponse {
        try await send(URLRequest(url: URL(string: url)!))
    }

    public static func post(_ url: String, form: [String: String] = [:]) async throws -> TestHTTPResponse {
        var r = URLRequest(url: URL(string: url)!)
        r.httpMethod = "POST"
        r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        r.httpBody = Data(
            form.map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
                .joined(separator: "&").utf8)
        return try await send(r)
    }

    /// A GET with extra headers whose body is kept as bytes (binary exposition formats).
    public static func getBytes(
        _ url: String, headers: [String: String] = [:]
    ) async throws -> (status: Int, body: [UInt8], contentType: String?) {
        var r = URLRequest(url: URL(string: url)!)
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: r)
        let http = response as! HTTPURLResponse
        return (http.statusCode, Array(data), http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Encodes a query string value (PromQL has `{`, `"`, `=` and spaces).
    public static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func send(_ request: URLRequest) async throws -> TestHTTPResponse {
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return TestHTTPResponse(
            status: http.statusCode, body: String(decoding: data, as: UTF8.self),
            contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Polls `probe` until it returns a value or `timeout` passes.
    public static func eventually<T>(
        timeout: Duration = .seconds(30), every: Duration = .milliseconds(250), _ probe: () async throws -> T?
    ) async throws -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let v = try? await probe() { return v }
            try await Task.sleep(for: every)
        }
        return try await probe()
    }
}

/// Whether nothing listens on `127.0.0.1:port` (a bind succeeds).
public func isTCPPortFree(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}
