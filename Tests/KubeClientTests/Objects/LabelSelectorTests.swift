import KubeClient
import Testing

struct LabelSelectorTests {
    struct Case: Sendable, CustomStringConvertible {
        var labels: [String: String]
        var matches: Bool
        var description: String { "\(labels)" }
    }

    static let selector = LabelSelector(
        matchLabels: ["app": "web"],
        matchExpressions: [
            .init(key: "env", operator: .in, values: ["prod", "stage"]),
            .init(key: "tier", operator: .notIn, values: ["cache"]),
            .init(key: "team", operator: .exists),
            .init(key: "legacy", operator: .doesNotExist),
        ])

    @Test(arguments: [
        Case(labels: ["app": "web", "env": "prod", "team": "a"], matches: true),
        Case(labels: ["app": "web", "env": "prod", "team": "a", "tier": "front"], matches: true),
        Case(labels: ["app": "api", "env": "prod", "team": "a"], matches: false),
        Case(labels: ["app": "web", "env": "dev", "team": "a"], matches: false),
        Case(labels: ["app": "web", "team": "a"], matches: false),
        Case(labels: ["app": "web", "env": "prod", "team": "a", "tier": "cache"], matches: false),
        Case(labels: ["app": "web", "env": "prod"], matches: false),
        Case(labels: ["app": "web", "env": "prod", "team": "a", "legacy": ""], matches: false),
    ])
    func matchesLikeTheAPIServer(_ c: Case) {
        #expect(Self.selector.matches(c.labels) == c.matches)
    }

    @Test func rendersQuerySyntax() {
        #expect(Self.selector.queryString == "app=web,env in (prod,stage),tier notin (cache),team,!legacy")
        #expect(LabelSelector().isEmpty)
        #expect(LabelSelector().matches(["any": "thing"]))
    }
}
