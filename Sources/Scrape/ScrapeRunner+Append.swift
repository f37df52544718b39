import PromModel
import Storage

/// One scraped value: a float sample, or a native histogram (protobuf bodies only).
enum ScrapedValue {
    case float(Double)
    case histogram(FloatHistogram)
}

extension ScrapeRunner {
    /// Appends one scraped sample, whatever format it came from: cache lookup by `key`, label merge and
    /// `metric_relabel_configs` on a miss (`labels` is called only then), limits, append, staleness tracking.
    ///
    /// `key` identifies the series as the target exposed it (raw text bytes, or the protobuf parser's series
    /// key); the cache copies it only for a new series. Throws a `ScrapeFailure` when the whole scrape must
    /// fail; a refused sample is counted and skipped.
    mutating func appendSample(
        key: UnsafeRawBufferPointer, timestamp: Int64?, value: ScrapedValue, ts: Timestamp, app: any Appender,
        counts: inout AppendCounts, labels: () -> Labels
    ) throws {
        let options = loop.options
        counts.scraped += 1
        let hash = ScrapeCache.hash(key)

        var t = ts
        var explicitTimestamp = false
        if options.honorTimestamps, let pts = timestamp {
            t = pts
            explicitTimestamp = true
        }
        // A cached series' labels are passed straight from the cache (no copy: copying retains them,
        // which touches their memory on every sample although the appender needs them only when the
        // ref went stale).
        var missLabels = Labels.empty
        let ref: SeriesRef
        let slot = cache.lookup(key, hash: hash)
        if let slot {
            if cache[slot].dropped {
                cache.touch(slot, ref: .unknown)
                return
            }
        } else {
            let merged = mergeSampleLabels(scraped: labels(), target: targetLabels, honorLabels: options.honorLabels)
            guard let final = relabel(merged, options.metricRelabelConfigs), !final.metricName.isEmpty else {
                cache.store(
                    .init(raw: Array(key), ref: .unknown, labels: .empty, dropped: true, lastIteration: cache.iteration),
                    hash: hash)
                return
            }
            if let why = labelLimitViolation(final, options.limits) { throw ScrapeFailure(why) }
            missLabels = final
        }
        counts.postRelabel += 1
        if options.limits.sampleLimit > 0, counts.postRelabel > options.limits.sampleLimit {
            throw ScrapeFailure("sample limit exceeded")
        }
        var value = value
        if case .histogram(let h) = value { value = .histogram(try fitted(h, options.nativeHistograms)) }
        do throws(AppendError) {
            switch value {
            case .float(let v):
                if let slot {
                    ref = try app.append(cache[slot].ref, cache[slot].labels, t: t, v: v)
                } else {
                    ref = try app.append(.unknown, missLabels, t: t, v: v)
                }
            case .histogram(let h):
                if let slot {
                    ref = try app.appendHistogram(cache[slot].ref, cache[slot].labels, t: t, h: h)
                } else {
                    ref = try app.appendHistogram(.unknown, missLabels, t: t, h: h)
                }
            }
        } catch {
            counts.count(error)
            return
        }
        let seen: Int
        if let slot {
            cache.touch(slot, ref: ref)
            seen = slot
        } else {
            seen = cache.store(
                .init(raw: Array(key), ref: ref, labels: missLabels, dropped: false, lastIteration: cache.iteration),
                hash: hash)
            counts.added += 1
        }
        // Samples with their own timestamps are staleness-tracked only with track_timestamps_staleness.
        if !explicitTimestamp || options.trackTimestampsStaleness { cache.trackSeen(seen) }
    }

    /// Applies `native_histogram_min_bucket_factor` and `native_histogram_bucket_limit` as Prometheus's
    /// appenders do: first cap the schema, then halve the resolution until the buckets fit. A histogram that
    /// still has too many buckets at schema -4 fails the scrape.
    private func fitted(_ h0: FloatHistogram, _ o: NativeHistogramOptions) throws(ScrapeFailure) -> FloatHistogram {
        var h = h0
        if h.schema > o.maxSchema {
            h.reduceResolution(to: o.maxSchema)
            h.compact()
        }
        guard o.bucketLimit > 0 else { return h }
        // Buckets with observations: what the dense storage holds beyond trimmed ends, gaps not counted.
        func buckets(_ h: FloatHistogram) -> Int {
            h.positive.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } + h.negative.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        }
        while buckets(h) > o.bucketLimit {
            guard h.schema > NativeHistogramOptions.minSchema else {
                throw ScrapeFailure("histogram bucket limit exceeded")
            }
            h.reduceResolution(to: h.schema - 1)
            h.compact()
        }
        return h
    }
}
