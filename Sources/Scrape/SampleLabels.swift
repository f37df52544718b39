public import PromModel

/// Joins a scraped series' labels with its target's labels (Prometheus's `mutateSampleLabels`).
///
/// With `honor_labels: true` the scraped labels win and target labels fill in only what is missing.
/// Otherwise target labels win and a clashing scraped label is kept as `exported_<name>` (repeating the
/// prefix while that name is taken too). An empty target label removes the scraped label of that name.
public func mergeSampleLabels(scraped: Labels, target: Labels, honorLabels: Bool) -> Labels {
    var b = LabelsBuilder(scraped)
    if honorLabels {
        for l in target where scraped.get(l.name).isEmpty {
            b.set(l.name, l.value)
        }
    } else {
        var conflicting: [Label] = []
        for l in target {
            let existing = scraped.get(l.name)
            if !existing.isEmpty { conflicting.append(Label(name: l.name, value: existing)) }
            b.set(l.name, l.value)
        }
        for c in conflicting {
            var name = "exported_" + c.name
            while !b.get(name).isEmpty || !target.get(name).isEmpty {
                name = "exported_" + name
            }
            b.set(name, c.value)
        }
    }
    return b.labels()
}

/// Checks the per-series label limits; returns the reason a series breaks one, or nil.
func labelLimitViolation(_ labels: Labels, _ limits: ScrapeLimits) -> String? {
    if limits.labelLimit > 0, labels.count > limits.labelLimit {
        return "label_limit exceeded (metric: \(labels.metricName), number of labels: \(labels.count), limit: \(limits.labelLimit))"
    }
    if limits.labelNameLengthLimit > 0 || limits.labelValueLengthLimit > 0 {
        for l in labels {
            if limits.labelNameLengthLimit > 0, l.name.utf8.count > limits.labelNameLengthLimit {
                return "label_name_length_limit exceeded (metric: \(labels.metricName), label name: \(l.name), length: \(l.name.utf8.count), limit: \(limits.labelNameLengthLimit))"
            }
            if limits.labelValueLengthLimit > 0, l.value.utf8.count > limits.labelValueLengthLimit {
                return "label_value_length_limit exceeded (metric: \(labels.metricName), label name: \(l.name), value: \"\(l.value)\", length: \(l.value.utf8.count), limit: \(limits.labelValueLengthLimit))"
            }
        }
    }
    return nil
}
