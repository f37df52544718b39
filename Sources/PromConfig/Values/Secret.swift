/// A secret config value (password, token, key). Printed as `<secret>` unless the encoder is told to reveal it.
///
/// `/api/v1/status/config` prints with the default (hidden); the operator renders real files with
/// `PrometheusConfig.yaml(revealSecrets: true)`.
public struct Secret: Sendable, Hashable, Encodable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public static let placeholder = "<secret>"

    public var description: String { Self.placeholder }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        let reveal = encoder.userInfo[.revealSecrets] as? Bool ?? false
        try c.encode(reveal ? value : Self.placeholder)
    }
}

extension CodingUserInfoKey {
    /// Set to `true` in an encoder's `userInfo` to print secrets instead of `<secret>`.
    public static let revealSecrets = CodingUserInfoKey(rawValue: "sextant.revealSecrets")!
}
