/// Version information reported by `/api/v1/status/buildinfo`, the User-Agent of scrapes and `--version`.
public enum BuildInfo {
    public static let version = "0.1.0"
    public static let userAgent = "Sextant/\(version)"
}
