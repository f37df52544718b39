/// Cross-field checks the CRD schema cannot express on Kubernetes 1.20 (no CEL): the reconciler refuses a
/// `Sextant` that fails them and reports every problem in its `Reconciled` condition.
extension SextantSpec {
    package func validate() -> [RenderError] {
        var errors: [RenderError] = []
        if storage?.volumeClaimTemplate != nil, storage?.emptyDir != nil {
            errors.append(
                .invalidField(
                    path: "spec.storage", value: "volumeClaimTemplate+emptyDir", reason: "set only one of them"))
        }
        if let s = shards, s < 1 {
            errors.append(.invalidField(path: "spec.shards", value: String(s), reason: "must be at least 1"))
        }
        if let r = replicas, r < 0 {
            errors.append(.invalidField(path: "spec.replicas", value: String(r), reason: "must not be negative"))
        }
        let interval = scrapeInterval ?? "30s"
        for (path, value) in [
            ("spec.scrapeInterval", interval), ("spec.evaluationInterval", evaluationInterval ?? "30s"),
            ("spec.retention", retention ?? "24h"),
        ] {
            do throws(RenderError) { _ = try PromDuration.milliseconds(value, path: path) } catch {
                errors.append(error)
            }
        }
        if let timeout = scrapeTimeout {
            do throws(RenderError) {
                if try PromDuration.milliseconds(timeout, path: "spec.scrapeTimeout")
                    > PromDuration.milliseconds(interval, path: "spec.scrapeInterval")
                {
                    errors.append(
                        .invalidField(
                            path: "spec.scrapeTimeout", value: timeout,
                            reason: "greater than scrapeInterval \(interval)"))
                }
            } catch {
                errors.append(error)
            }
        }
        for (i, rw) in (remoteWrite ?? []).enumerated()
        where !(rw.url.hasPrefix("http://") || rw.url.hasPrefix("https://")) {
            errors.append(
                .invalidField(path: "spec.remoteWrite[\(i)].url", value: rw.url, reason: "must be an http or https URL")
            )
        }
        return errors
    }
}
