public import Hummingbird
import Synchronization

/// The web server's responder from the moment the port is bound: while the storage opens (WAL replay can take
/// minutes) it answers as Prometheus does then — `/-/healthy` 200, `/-/ready` and every other path 503
/// "Service Unavailable", and `/api/v1/status/walreplay` with the replay's progress — and once `open(_:)` hands
/// it the API's router, it passes every request there.
public final class StartupResponder: HTTPResponder, Sendable {
    public typealias Context = BasicRequestContext

    private let walReplay: any WALReplayProvider
    private let ready = Mutex<RouterResponder<BasicRequestContext>?>(nil)

    public init(walReplay: any WALReplayProvider) {
        self.walReplay = walReplay
    }

    /// Starts serving the full API.
    public func open(_ router: Router<BasicRequestContext>) {
        let responder = router.buildResponder()
        ready.withLock { $0 = responder }
    }

    public func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        if let responder = ready.withLock({ $0 }) {
            return try await responder.respond(to: request, context: context)
        }
        switch request.uri.path {
        case "/-/healthy":
            return textResponse(request.method == .head ? "" : "Sextant Server is Healthy.\n")
        case "/api/v1/status/walreplay":
            return walReplayStatusResponse(walReplay.walReplayStatus)
        default:
            return textResponse(request.method == .head ? "" : "Service Unavailable", status: .serviceUnavailable)
        }
    }
}
