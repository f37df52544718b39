/// Server-wide scrape settings a monitor's endpoint falls back to, and limits the `Sextant` enforces.
package struct ScrapeDefaults: Sendable, Equatable {
    package var scrapeInterval: String
    package var scrapeTimeout: String?

    package init(scrapeInterval: String = "30s", scrapeTimeout: String? = nil) {
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
    }

    /// The job's interval and timeout (nil = inherit the global). Refuses malformed durations and a timeout
    /// longer than the interval, which Prometheus would reject and fail the whole config for.
    func timing(_ interval: String?, _ timeout: String?, path: String) throws(RenderError) -> (String?, String?) {
        let i = try PromDuration.milliseconds(interval ?? scrapeInterval, path: "\(path).interval")
        if let timeout {
            let t = try PromDuration.milliseconds(timeout, path: "\(path).scrapeTimeout")
            if t > i {
                throw RenderError.invalidField(
                    path: "\(path).scrapeTimeout", value: timeout,
                    reason: "greater than scrape interval \(interval ?? scrapeInterval)")
            }
        } else if let global = scrapeTimeout, interval != nil,
            try PromDuration.milliseconds(global, path: "scrapeTimeout") > i
        {
            // The global timeout would exceed this job's shorter interval: cap it at the interval.
            return (interval, interval)
        }
        return (interval, timeout)
    }
}

/// Prometheus durations: `1y2w3d4h5m6s7ms`, units in descending order, or `0`.
package enum PromDuration {
    static let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000),
        ("s", 1000), ("ms", 1),
    ]

    package static func milliseconds(_ s: String, path: String) throws(RenderError) -> Int64 {
        if s == "0" { return 0 }
        var total: Int64 = 0
        var rest = Substring(s)
        var lastUnit = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let n = Int64(digits), let idx = units.firstIndex(where: { $0.0 == unit }), idx > lastUnit else {
                throw RenderError.invalidField(path: path, value: s, reason: "not a duration such as 30s or 1m30s")
            }
            lastUnit = idx
            total += n * units[idx].1
        }
        if s.isEmpty { throw RenderError.invalidField(path: path, value: s, reason: "empty duration") }
        return total
    }
}

/// Per-monitor limits copied onto each of its jobs.
struct ScrapeLimits {
    var sampleLimit, targetLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit: Int64?
    var nativeHistogramBucketLimit, keepDroppedTargets: Int64?
    var bodySizeLimit: String?
    var scrapeProtocols: [ScrapeProtocol]?

    init(_ s: ServiceMonitorSpec) {
        (sampleLimit, targetLimit, labelLimit) = (s.sampleLimit, s.targetLimit, s.labelLimit)
        (labelNameLengthLimit, labelValueLengthLimit) = (s.labelNameLengthLimit, s.labelValueLengthLimit)
        (nativeHistogramBucketLimit, keepDroppedTargets) = (s.nativeHistogramBucketLimit, s.keepDroppedTargets)
        (bodySizeLimit, scrapeProtocols) = (s.bodySizeLimit, s.scrapeProtocols)
    }

    init(_ s: PodMonitorSpec) {
        (sampleLimit, targetLimit, labelLimit) = (s.sampleLimit, s.targetLimit, s.labelLimit)
        (labelNameLengthLimit, labelValueLengthLimit) = (s.labelNameLengthLimit, s.labelValueLengthLimit)
        (nativeHistogramBucketLimit, keepDroppedTargets) = (s.nativeHistogramBucketLimit, s.keepDroppedTargets)
        (bodySizeLimit, scrapeProtocols) = (s.bodySizeLimit, s.scrapeProtocols)
    }

    func apply(to job: inout PromScrapeConfig, defaults: ScrapeDefaults) {
        job.sampleLimit = sampleLimit
        job.targetLimit = targetLimit
        job.labelLimit = labelLimit
        job.labelNameLengthLimit = labelNameLengthLimit
        job.labelValueLengthLimit = labelValueLengthLimit
        job.bodySizeLimit = bodySizeLimit
        job.nativeHistogramBucketLimit = nativeHistogramBucketLimit
        job.keepDroppedTargets = keepDroppedTargets
        job.scrapeProtocols = scrapeProtocols?.map(\.rawValue)
    }
}
