/// One event of a watch.
public enum WatchEvent<Object: KubeObject>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// The server's progress marker (sent with `allowWatchBookmarks`): resume from here after a reconnect.
    case bookmark(resourceVersion: String)
    /// The server ended the watch with a failure; code 410 (`Expired`/`Gone`) means relist.
    case error(Status)

    /// The resourceVersion this event advances the watch to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): o.metadata.resourceVersion
        case .bookmark(let rv): rv
        case .error: nil
        }
    }
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }

    private struct Bookmark: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try c.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try c.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try c.decode(Object.self, forKey: .object))
        case "BOOKMARK":
            let b = try c.decode(Bookmark.self, forKey: .object)
            self = .bookmark(resourceVersion: b.metadata?.resourceVersion ?? "")
        case "ERROR": self = .error(try c.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown watch event type \"\(type)\"")
        }
    }
}
