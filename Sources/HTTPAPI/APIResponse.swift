public import Hummingbird

/// Prometheus's API error kinds and their HTTP status codes.
public enum APIErrorType: String, Sendable {
    case badData = "bad_data"
    case execution
    case timeout
    case canceled
    case `internal`
    case unavailable
    case notFound = "not_found"
    case notAcceptable = "not_acceptable"

    var status: HTTPResponse.Status {
        switch self {
        case .badData: return .badRequest
        case .execution: return .unprocessableContent
        case .timeout, .unavailable: return .serviceUnavailable
        case .canceled: return .init(code: 499, reasonPhrase: "Client Closed Request")
        case .internal: return .internalServerError
        case .notFound: return .notFound
        case .notAcceptable: return .notAcceptable
        }
    }
}

/// An error an endpoint returns; rendered as `{"status":"error","errorType":…,"error":…}`.
public struct APIError: Error, Sendable {
    public var type: APIErrorType
    public var message: String
    public init(_ type: APIErrorType, _ message: String) {
        self.type = type
        self.message = message
    }
}

/// Builds the success envelope around `data`, written by `body`.
func successResponse(
    warnings: [String] = [], infos: [String] = [], _ body: (inout JSONWriter) -> Void
) -> Response {
    var w = JSONWriter()
    w.raw(#"{"status":"success","data":"#)
    body(&w)
    if !warnings.isEmpty {
        w.raw(#","warnings":"#)
        w.stringArray(warnings)
    }
    if !infos.isEmpty {
        w.raw(#","infos":"#)
        w.stringArray(infos)
    }
    w.raw("}")
    return jsonResponse(w.bytes, status: .ok)
}

func errorResponse(_ e: APIError) -> Response {
    var w = JSONWriter()
    w.raw(#"{"status":"error","errorType":"#)
    w.string(e.type.rawValue)
    w.raw(#","error":"#)
    w.string(e.message)
    w.raw("}")
    return jsonResponse(w.bytes, status: e.type.status)
}

func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status) -> Response {
    Response(
        status: status,
        headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}

func textResponse(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8")
    -> Response
{
    Response(
        status: status,
        headers: [.contentType: contentType],
        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}
