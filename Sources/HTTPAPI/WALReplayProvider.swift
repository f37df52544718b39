import Hummingbird

/// WAL replay progress for `/api/v1/status/walreplay`, in Prometheus's shape: segment indexes.
public struct APIWALReplayStatus: Sendable, Equatable {
    public var min: Int
    public var max: Int
    public var current: Int

    public init(min: Int, max: Int, current: Int) {
        self.min = min
        self.max = max
        self.current = current
    }
}

/// The storage's WAL replay, as the API sees it; the executable adapts the TSDB's progress to this.
public protocol WALReplayProvider: Sendable {
    var walReplayStatus: APIWALReplayStatus { get }
}

extension PrometheusAPI {
    /// `GET /api/v1/status/walreplay`: `{"min":…,"max":…,"current":…}`; 503 without a provider.
    func walReplayResponse() throws(APIError) -> Response {
        guard let walReplay else { throw APIError(.unavailable, "WAL replay status not available") }
        return walReplayStatusResponse(walReplay.walReplayStatus)
    }
}

func walReplayStatusResponse(_ s: APIWALReplayStatus) -> Response {
    successResponse { w in
        w.raw(#"{"min":"#)
        w.int(s.min)
        w.raw(#","max":"#)
        w.int(s.max)
        w.raw(#","current":"#)
        w.int(s.current)
        w.raw("}")
    }
}
