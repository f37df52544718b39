import Foundation
import PromConfig
import Testing

/// What `/api/v1/status/config` shows for each good fixture: every default filled in, secrets hidden.
/// Regenerate with `UPDATE_GOLDEN=1 swift test --filter GoldenTests`.
struct GoldenTests {
    @Test(arguments: ["full.good.yml", "http-client.good.yml", "kubernetes-sd.good.yml"])
    func printedConfigMatchesGolden(_ name: String) throws {
        let config = try PrometheusConfig.load(path: "\(fixturesDirectory)/\(name)")
        // Paths are resolved against the fixture directory; the golden file must not depend on the checkout.
        let printed = try config.yaml().replacingOccurrences(of: fixturesDirectory, with: "<fixtures>")
        let golden = "\(fixturesDirectory)/golden/\(name.replacingOccurrences(of: ".good.yml", with: ".printed.yml"))"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try printed.write(toFile: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: golden, encoding: .utf8)
        #expect(printed == expected)
        #expect(!printed.contains("hunter2") && !printed.contains("s3cr3t") && !printed.contains("password: pw"))
    }
}
