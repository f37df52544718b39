import PromModel
import Scrape
import Testing

struct TargetTests {
    static let options = ScrapeOptions(
        jobName: "node", interval: .seconds(15), timeout: .seconds(10), params: ["module": ["http_2xx"]])

    func active(_ r: TargetResolution) -> ScrapeTarget? {
        if case .active(let t) = r { return t }
        return nil
    }

    @Test func defaultsAndInstanceLabel() throws {
        let r = resolveTarget(Labels(["__address__": "10.0.0.1:9100"]), group: Labels(["env": "prod"]), options: Self.options)
        let t = try #require(active(r))
        #expect(t.labels == Labels(["instance": "10.0.0.1:9100", "job": "node", "env": "prod"]))
        #expect(t.discoveredLabels.get("__scrape_interval__") == "15s")
        #expect(t.discoveredLabels.get("__param_module") == "http_2xx")
        #expect(t.url(params: Self.options.params) == "http://10.0.0.1:9100/metrics?module=http_2xx")
        #expect(t.interval == .seconds(15))
    }

    @Test func targetLabelsWinOverGroupLabels() throws {
        let r = resolveTarget(
            Labels(["__address__": "a:1", "env": "dev"]), group: Labels(["env": "prod"]), options: Self.options)
        #expect(try #require(active(r)).labels.get("env") == "dev")
    }

    @Test func relabelingShapesTheURLAndCanDrop() throws {
        var o = Self.options
        o.relabelConfigs = [
            RelabelConfig(sourceLabels: ["__address__"], regex: try PromRegex("(.*):9100"), targetLabel: "__param_target", replacement: "$1"),
            RelabelConfig(targetLabel: "__metrics_path__", replacement: "/probe"),
            RelabelConfig(sourceLabels: ["__meta_drop"], regex: try PromRegex("yes"), action: .drop),
        ]
        let t = try #require(active(resolveTarget(Labels(["__address__": "h:9100", "__meta_x": "1"]), group: .empty, options: o)))
        #expect(t.url(params: o.params) == "http://h:9100/probe?module=http_2xx&target=h")
        #expect(!t.internalLabels.has("__meta_x"))
        guard case .dropped(let d) = resolveTarget(Labels(["__address__": "h:9100", "__meta_drop": "yes"]), group: .empty, options: o) else {
            Issue.record("expected the target to be dropped")
            return
        }
        #expect(d.get("__meta_drop") == "yes")
    }

    @Test func perTargetIntervalFromLabels() throws {
        let t = try #require(
            active(resolveTarget(Labels(["__address__": "a:1", "__scrape_interval__": "1m", "__scrape_timeout__": "30s"]), group: .empty, options: Self.options)))
        #expect(t.interval == .seconds(60))
        #expect(t.timeout == .seconds(30))
        guard case .invalid(_, let err) = resolveTarget(
            Labels(["__address__": "a:1", "__scrape_timeout__": "1m"]), group: .empty, options: Self.options)
        else {
            Issue.record("expected an invalid target")
            return
        }
        #expect(err.message == "scrape timeout cannot be greater than scrape interval (\"1m\" > \"15s\")")
    }

    @Test func missingAddressIsInvalid() {
        guard case .invalid(_, let err) = resolveTarget(Labels(["foo": "bar"]), group: .empty, options: Self.options) else {
            Issue.record("expected an invalid target")
            return
        }
        #expect(err.message == "no address")
    }
}

struct SampleLabelsTests {
    struct Case: Sendable {
        var scraped: [String: String]
        var target: [String: String]
        var honor: Bool
        var want: [String: String]
    }

    @Test(arguments: [
        Case(scraped: ["__name__": "m", "job": "x"], target: ["job": "node", "instance": "i"], honor: false,
             want: ["__name__": "m", "job": "node", "instance": "i", "exported_job": "x"]),
        Case(scraped: ["__name__": "m", "job": "x"], target: ["job": "node", "instance": "i"], honor: true,
             want: ["__name__": "m", "job": "x", "instance": "i"]),
        Case(scraped: ["__name__": "m", "job": "x", "exported_job": "y"], target: ["job": "node"], honor: false,
             want: ["__name__": "m", "job": "node", "exported_job": "y", "exported_exported_job": "x"]),
        Case(scraped: ["__name__": "m", "a": "1"], target: ["job": "node"], honor: false,
             want: ["__name__": "m", "a": "1", "job": "node"]),
    ])
    func merge(c: Case) {
        let got = mergeSampleLabels(scraped: Labels(c.scraped), target: Labels(c.target), honorLabels: c.honor)
        #expect(got == Labels(c.want))
    }
}
