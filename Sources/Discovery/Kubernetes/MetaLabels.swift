import KubeClient

/// Names of the `__meta_kubernetes_*` labels, as Prometheus documents them for `kubernetes_sd_configs`.
enum Meta {
    static let prefix = "__meta_kubernetes_"
    static let namespace = prefix + "namespace"
    static let address = "__address__"
    static let instance = "instance"
    static let present = "true"

    /// Prometheus's `strutil.SanitizeLabelName`: every character outside `[a-zA-Z0-9_]` becomes `_`.
    static func sanitize(_ name: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(name.utf8.count)
        for s in name.unicodeScalars {
            let ok = (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
            out.unicodeScalars.append(ok ? s : "_")
        }
        return out
    }

    /// `<role>_name`, `<role>_label_*`, `<role>_labelpresent_*`, `<role>_annotation_*`,
    /// `<role>_annotationpresent_*` (Prometheus's `addObjectMetaLabels`).
    static func addObjectMeta(_ labels: inout [String: String], _ meta: ObjectMeta, role: String) {
        let p = prefix + role
        labels[p + "_name"] = meta.name ?? ""
        for (k, v) in meta.labels ?? [:] {
            let n = sanitize(k)
            labels[p + "_label_" + n] = v
            labels[p + "_labelpresent_" + n] = present
        }
        for (k, v) in meta.annotations ?? [:] {
            let n = sanitize(k)
            labels[p + "_annotation_" + n] = v
            labels[p + "_annotationpresent_" + n] = present
        }
    }

    /// `host:port`, bracketing IPv6 addresses (Go's `net.JoinHostPort`).
    static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
