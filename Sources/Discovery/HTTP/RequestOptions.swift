import Foundation
import HTTPClient

/// `HTTPHeader` names both PromConfig's config type and HTTPClient's wire header; this file sees only
/// the latter.
typealias RequestHeader = HTTPHeader

extension HTTPRequest {
    mutating func addHeaders(name: String, values: [String]) {
        for v in values { headers.append(RequestHeader(name, v)) }
    }
}
