public import PromModel

/// One scrape target: its final labels (after `relabel_configs`) and what discovery said about it.
public struct ScrapeTarget: Sendable, Hashable {
    /// Labels after relabeling, including internal `__*` labels that shape the scrape URL.
    public let internalLabels: Labels
    /// Labels before relabeling, as discovery produced them plus the job's defaults.
    public let discoveredLabels: Labels
    public let interval: Duration
    public let timeout: Duration

    /// The labels attached to every sample of the target: the relabeled set without `__*` labels.
    public var labels: Labels {
        Labels(sortedUnchecked: internalLabels.filter { !$0.name.hasPrefix(LabelName.reservedPrefix) })
    }

    /// `scheme://address/path?params`, as Prometheus builds it from `__scheme__`, `__address__`,
    /// `__metrics_path__` and `__param_*` labels over the job's `params`.
    public func url(params base: [String: [String]]) -> String {
        var params = base
        for l in internalLabels where l.name.hasPrefix(LabelName.paramPrefix) {
            let key = String(l.name.dropFirst(LabelName.paramPrefix.count))
            if var vs = params[key], !vs.isEmpty {
                vs[0] = l.value
                params[key] = vs
            } else {
                params[key] = [l.value]
            }
        }
        var url = "\(internalLabels.get(LabelName.scheme))://\(internalLabels.get(LabelName.address))"
        let path = internalLabels.get(LabelName.metricsPath)
        url += path.hasPrefix("/") ? path : "/" + path
        if !params.isEmpty {
            var parts: [String] = []
            for key in params.keys.sorted() {
                for v in params[key]! { parts.append("\(percentEncode(key))=\(percentEncode(v))") }
            }
            url += (path.contains("?") ? "&" : "?") + parts.joined(separator: "&")
        }
        return url
    }

    /// Stable identity of the target within its pool: labels plus URL, as Prometheus's `Target.hash`.
    public var hash: UInt64 {
        var h = FNV1a()
        h.value ^= internalLabels.stableHash
        h.add(internalLabels.get(LabelName.address))
        return h.value
    }

    public static func == (a: ScrapeTarget, b: ScrapeTarget) -> Bool { a.internalLabels == b.internalLabels }
    public func hash(into h: inout Hasher) { h.combine(internalLabels) }
}

/// Why a discovered target could not become a scrape target (besides being dropped by relabeling).
public struct TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The outcome of turning one discovered label set into a target.
public enum TargetResolution: Sendable {
    case active(ScrapeTarget)
    case dropped(discovered: Labels)
    case invalid(discovered: Labels, TargetError)
}

/// Applies the job's defaults and `relabel_configs` to a discovered label set (Prometheus's `PopulateLabels`).
public func resolveTarget(_ discovered: Labels, group: Labels, options: ScrapeOptions) -> TargetResolution {
    var b = LabelsBuilder(group)
    for l in discovered { b.set(l.name, l.value) }
    func setDefault(_ name: String, _ value: String) {
        if b.get(name).isEmpty { b.set(name, value) }
    }
    setDefault(LabelName.job, options.jobName)
    setDefault(LabelName.scrapeInterval, formatDuration(options.interval))
    setDefault(LabelName.scrapeTimeout, formatDuration(options.timeout))
    setDefault(LabelName.metricsPath, options.metricsPath)
    setDefault(LabelName.scheme, options.scheme)
    for (k, vs) in options.params where !vs.isEmpty {
        setDefault(LabelName.paramPrefix + k, vs[0])
    }
    let pre = b.labels()
    guard let relabeled = relabel(pre, options.relabelConfigs) else { return .dropped(discovered: pre) }

    let address = relabeled.get(LabelName.address)
    if address.isEmpty {
        return .invalid(discovered: pre, TargetError(message: "no address"))
    }
    if address.contains("/") {
        return .invalid(discovered: pre, TargetError(message: "\(address) is not a valid hostname"))
    }
    guard let interval = parseDuration(relabeled.get(LabelName.scrapeInterval)) else {
        return .invalid(
            discovered: pre,
            TargetError(message: "error parsing scrape interval: not a valid duration string: \"\(relabeled.get(LabelName.scrapeInterval))\""))
    }
    guard let timeout = parseDuration(relabeled.get(LabelName.scrapeTimeout)) else {
        return .invalid(
            discovered: pre,
            TargetError(message: "error parsing scrape timeout: not a valid duration string: \"\(relabeled.get(LabelName.scrapeTimeout))\""))
    }
    if interval == .zero {
        return .invalid(discovered: pre, TargetError(message: "scrape interval cannot be 0"))
    }
    if timeout == .zero {
        return .invalid(discovered: pre, TargetError(message: "scrape timeout cannot be 0"))
    }
    if timeout > interval {
        return .invalid(
            discovered: pre,
            TargetError(message: "scrape timeout cannot be greater than scrape interval (\"\(formatDuration(timeout))\" > \"\(formatDuration(interval))\")"))
    }

    var out = LabelsBuilder(relabeled)
    // Meta labels exist only for relabeling.
    out.filter { !$0.name.hasPrefix(LabelName.metaPrefix) }
    if out.get(LabelName.instance).isEmpty { out.set(LabelName.instance, address) }
    let final = out.labels()
    return .active(ScrapeTarget(internalLabels: final, discoveredLabels: pre, interval: interval, timeout: timeout))
}

private func percentEncode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        case UInt8(ascii: " "):
            out += "+"
        default:
            let hex = Array("0123456789ABCDEF".utf8)
            out += "%"
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(b >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(b & 0xF)]))
        }
    }
    return out
}
