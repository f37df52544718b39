import HTTPClient
import Logging
import Testing

/// Runs `body` with a fresh client and shuts it down afterwards, even when `body` throws.
func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    var logger = Logger(label: "test.httpclient")
    logger.logLevel = .debug
    let client = try HTTPClient(logger: logger)
    defer { client.shutdown() }
    return try await body(client)
}

/// The error `operation` throws, or `nil` (recorded as a test issue) when it succeeds.
func failure<T>(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: () async throws -> T
) async -> HTTPClientError? {
    do {
        let value = try await operation()
        Issue.record("expected an HTTPClientError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        Issue.record("expected an HTTPClientError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A request that ignores proxy environment variables, so loopback tests never leave the machine.
func loopback(_ url: String, _ configure: (inout HTTPRequest) -> Void = { _ in }) -> HTTPRequest {
    var request = HTTPRequest(url: url, proxyFromEnvironment: false)
    configure(&request)
    return request
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
