import Foundation

/// Base64 as Kubernetes uses it (standard alphabet, padded) for Secret data and kubeconfig `*-data` fields.
enum Base64 {
    static func decode(_ s: String) -> [UInt8]? {
        let trimmed = s.filter { !$0.isWhitespace }
        return Data(base64Encoded: trimmed).map { [UInt8]($0) }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
