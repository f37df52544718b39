import Hummingbird
import Logging
import PromConfig

/// The web server's outermost responder: applies the `--web.config.file` to every request before `base` sees it,
/// as exporter-toolkit's handler does for Prometheus.
///
/// - With `basic_auth_users`, a request without a matching user and password gets 401 with
///   `WWW-Authenticate: Basic`; nothing is exempt (Prometheus guards `/-/healthy` and `/-/ready` too).
/// - `http_server_config.headers` are set on every response, the 401s included.
/// - While the file, changed after start, does not load, every request gets 500 (fail closed, as Prometheus).
///
/// Without a web config file it passes requests through untouched.
struct WebSecurityResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == BasicRequestContext {
    typealias Context = BasicRequestContext

    let base: Base
    let file: WebConfigFile?
    let auth = BasicAuthVerifier()

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard let file else { return try await base.respond(to: request, context: context) }
        let config: WebConfig
        switch file.current() {
        case .success(let c): config = c
        case .failure:
            return Response(
                status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "Internal Server Error\n")))
        }
        var response: Response
        if !config.basicAuthUsers.isEmpty,
            !(await auth.authorize(request.headers[.authorization], users: config.basicAuthUsers))
        {
            response = Response(
                status: .unauthorized, headers: [.wwwAuthenticate: "Basic"],
                body: .init(byteBuffer: ByteBuffer(string: "Unauthorized\n")))
        } else {
            response = try await forward(request, context)
        }
        for (name, value) in config.httpServerConfig.headers.entries { response.headers.set(name, value) }
        return response
    }

    /// `base`'s response, with errors turned into their responses here so that they get the headers too.
    private func forward(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        do {
            return try await base.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }
}

extension HTTPFields {
    /// Sets the field `name` (replacing any value) when it is a valid field name.
    fileprivate mutating func set(_ name: String, _ value: String) {
        // `Element` is HTTPTypes' `HTTPField`, which Hummingbird does not re-export by name.
        if let field = Element.Name(name) { self[field] = value }
    }
}
