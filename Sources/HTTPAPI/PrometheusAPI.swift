public import Hummingbird
public import Logging
public import PromQL
public import Storage
import PromModel

/// Options of the HTTP API that come from server flags.
public struct APIOptions: Sendable {
    public var queryTimeout: Duration = .seconds(120)
    public var enableLifecycle = false
    public var externalURL = ""
    /// `--web.enable-admin-api`: admin endpoints answer 503 "admin APIs disabled" without it.
    public var enableAdminAPI = false
    /// Flag values for `/api/v1/status/flags`, keyed by flag name without dashes.
    public var flags: [String: String] = [:]
    /// `--web.page-title`: the title of the HTML page at `/`.
    public var pageTitle = "Sextant Time Series Collection and Processing Server"
    public init() {}
}

/// Prometheus's HTTP API (`/api/v1/...`) plus health, readiness and `/metrics`, over storage and engine
/// protocols only: it never sees the TSDB or the scrape manager types.
public struct PrometheusAPI: Sendable {
    let queryable: any Queryable
    let engine: Engine
    let targets: any TargetsProvider
    let status: any ServerStatusProvider
    let options: APIOptions
    let logger: Logger
    /// Called on `POST /-/reload`; returns an error message when the new config was refused.
    let reload: @Sendable () async -> String?
    /// Storage status and admin operations; without it those endpoints answer 503.
    public var admin: (any TSDBAdminProvider)?
    /// Metric metadata of the scraped targets; without it the metadata endpoints answer empty results.
    public var metadata: (any MetadataProvider)?
    /// Source of `/api/v1/status/runtimeinfo`.
    public var runtimeInfo: (@Sendable () -> APIRuntimeInfo)?
    /// Source of `/api/v1/status/walreplay`.
    public var walReplay: (any WALReplayProvider)?

    public init(
        queryable: any Queryable, engine: Engine, targets: any TargetsProvider, status: any ServerStatusProvider,
        options: APIOptions, logger: Logger, reload: @escaping @Sendable () async -> String?
    ) {
        self.queryable = queryable
        self.engine = engine
        self.targets = targets
        self.status = status
        self.options = options
        self.logger = logger
        self.reload = reload
    }

    /// A router with every endpoint registered.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let api = self
        func endpoint(
            _ path: RouterPath, methods: [HTTPRequest.Method] = [.get, .post],
            _ handler: @escaping @Sendable (APIParams, Request, BasicRequestContext) async throws(APIError) -> Response
        ) {
            for m in methods {
                router.on(path, method: m) { request, context in
                    var request = request
                    do {
                        let params = try await APIParams(request: &request)
                        return try await handler(params, request, context)
                    } catch let e as APIError {
                        return errorResponse(e)
                    } catch {
                        return errorResponse(APIError(.badData, "\(error)"))
                    }
                }
            }
        }
        endpoint("/api/v1/query") { p, _, _ throws(APIError) in try await api.query(p) }
        endpoint("/api/v1/query_range") { p, _, _ throws(APIError) in try await api.queryRange(p) }
        endpoint("/api/v1/labels") { p, _, _ throws(APIError) in try api.labelNames(p) }
        endpoint("/api/v1/label/{name}/values", methods: [.get]) { p, _, ctx throws(APIError) in
            try api.labelValues(ctx.parameters.get("name") ?? "", p)
        }
        endpoint("/api/v1/series") { p, _, _ throws(APIError) in try api.series(p) }
        endpoint("/api/v1/targets", methods: [.get]) { p, _, _ throws(APIError) in api.targetsResponse(p) }
        endpoint("/api/v1/targets/metadata", methods: [.get]) { p, _, _ throws(APIError) in
            try api.targetMetadataResponse(p)
        }
        endpoint("/api/v1/metadata", methods: [.get]) { p, _, _ throws(APIError) in try api.metricMetadataResponse(p) }
        endpoint("/api/v1/scrape_pools", methods: [.get]) { _, _, _ throws(APIError) in
            successResponse { w in
                w.raw(#"{"scrapePools":"#)
                w.stringArray(api.targets.scrapePools())
                w.raw("}")
            }
        }
        endpoint("/api/v1/status/config", methods: [.get]) { _, _, _ throws(APIError) in
            successResponse { w in
                w.raw(#"{"yaml":"#)
                w.string(api.status.configYAML)
                w.raw("}")
            }
        }
        endpoint("/api/v1/status/buildinfo", methods: [.get]) { _, _, _ throws(APIError) in
            successResponse { w in
                w.raw(#"{"version":"#)
                w.string(BuildInfo.version)
                w.raw(#","revision":"","branch":"","buildUser":"","buildDate":"","goVersion":"swift"}"#)
            }
        }
        endpoint("/api/v1/format_query") { p, _, _ throws(APIError) in try api.formatQuery(p) }
        endpoint("/api/v1/parse_query") { p, _, _ throws(APIError) in try api.parseQuery(p) }
        endpoint("/api/v1/status/tsdb", methods: [.get]) { p, _, _ throws(APIError) in try api.tsdbStatus(p) }
        endpoint("/api/v1/status/flags", methods: [.get]) { _, _, _ throws(APIError) in api.flagsResponse() }
        endpoint("/api/v1/status/runtimeinfo", methods: [.get]) { _, _, _ throws(APIError) in
            try api.runtimeInfoResponse()
        }
        endpoint("/api/v1/status/walreplay", methods: [.get]) { _, _, _ throws(APIError) in
            try api.walReplayResponse()
        }
        endpoint("/api/v1/admin/tsdb/delete_series", methods: [.post, .put]) { p, _, _ throws(APIError) in
            try api.deleteSeries(p)
        }
        endpoint("/api/v1/admin/tsdb/clean_tombstones", methods: [.post, .put]) { _, _, _ throws(APIError) in
            try api.cleanTombstones()
        }
        endpoint("/api/v1/admin/tsdb/snapshot", methods: [.post, .put]) { p, _, _ throws(APIError) in
            try api.snapshot(p)
        }

        router.get("/-/healthy") { _, _ in textResponse("Sextant Server is Healthy.\n") }
        router.head("/-/healthy") { _, _ in textResponse("") }
        router.get("/-/ready") { _, _ in
            api.status.isReady
                ? textResponse("Sextant Server is Ready.\n")
                : textResponse("Service Unavailable", status: .serviceUnavailable)
        }
        router.head("/-/ready") { _, _ in
            textResponse("", status: api.status.isReady ? .ok : .serviceUnavailable)
        }
        for m: HTTPRequest.Method in [.post, .put] {
            router.on("/-/reload", method: m) { _, _ in
                guard api.options.enableLifecycle else {
                    return textResponse("Lifecycle API is not enabled.", status: .forbidden)
                }
                if let err = await api.reload() {
                    return textResponse("failed to reload config: \(err)\n", status: .internalServerError)
                }
                return textResponse("")
            }
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: api.status.selfMetrics())))
        }
        router.get("/") { _, _ in LandingPage.response(title: api.options.pageTitle) }
        return router
    }
}

