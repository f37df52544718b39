import Testing

@testable import Operator

struct LabelSelectorTests {
    struct Case: Sendable, CustomStringConvertible {
        var selector: LabelSelector
        var labels: [String: String]
        var matches: Bool
        var description: String { "\(selector) on \(labels)" }
    }

    static let cases: [Case] = [
        Case(selector: LabelSelector(), labels: [:], matches: true),
        Case(selector: LabelSelector(matchLabels: ["app": "api"]), labels: ["app": "api", "x": "y"], matches: true),
        Case(selector: LabelSelector(matchLabels: ["app": "api"]), labels: ["app": "web"], matches: false),
        Case(selector: LabelSelector(matchLabels: ["app": "api"]), labels: [:], matches: false),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .in, values: ["a", "b"])]),
            labels: ["tier": "b"], matches: true),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .in, values: ["a"])]), labels: [:],
            matches: false),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .notIn, values: ["a"])]), labels: [:],
            matches: true),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .notIn, values: ["a"])]),
            labels: ["tier": "a"], matches: false),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .exists)]), labels: ["tier": ""],
            matches: true),
        Case(selector: .init(matchExpressions: [.init(key: "tier", operator: .exists)]), labels: [:], matches: false),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .doesNotExist)]), labels: [:], matches: true
        ),
        Case(
            selector: .init(matchExpressions: [.init(key: "tier", operator: .doesNotExist)]), labels: ["tier": "x"],
            matches: false),
        Case(
            selector: .init(matchLabels: ["app": "api"], matchExpressions: [.init(key: "tier", operator: .exists)]),
            labels: ["app": "api"], matches: false),
    ]

    @Test(arguments: cases) func matches(_ c: Case) throws {
        #expect(try c.selector.matches(c.labels) == c.matches)
    }

    @Test func invalidRequirementsThrowWithTheValue() {
        #expect(throws: SelectorError.unknownOperator(key: "k", operator: "Like")) {
            try LabelSelector(matchExpressions: [.init(key: "k", operator: .init(rawValue: "Like"))]).matches([:])
        }
        #expect(throws: SelectorError.valuesRequired(key: "k", operator: "In")) {
            try LabelSelector(matchExpressions: [.init(key: "k", operator: .in, values: [])]).matches([:])
        }
        #expect(throws: SelectorError.valuesForbidden(key: "k", operator: "Exists")) {
            try LabelSelector(matchExpressions: [.init(key: "k", operator: .exists, values: ["v"])]).matches([:])
        }
    }

    /// Monitor namespace selector: nil and `{}` = own namespace, `any` = all, `matchNames` = those.
    @Test func monitorNamespaceSelector() {
        #expect(NamespaceSelector().namespaces(monitorNamespace: "a") == ["a"])
        #expect(NamespaceSelector(any: true, matchNames: ["b"]).namespaces(monitorNamespace: "a") == nil)
        #expect(NamespaceSelector(matchNames: ["b", "c"]).namespaces(monitorNamespace: "a") == ["b", "c"])
        #expect(NamespaceSelector(any: false, matchNames: []).namespaces(monitorNamespace: "a") == ["a"])
    }

    /// Sextant namespace selector: nil = own namespace, `{}` = all, otherwise by namespace labels.
    @Test func sextantNamespaceScope() throws {
        #expect(NamespaceScope(nil) == .own)
        #expect(NamespaceScope(LabelSelector()) == .all)
        #expect(NamespaceScope(LabelSelector(matchLabels: [:], matchExpressions: [])) == .all)
        let scope = NamespaceScope(LabelSelector(matchLabels: ["env": "prod"]))
        #expect(try scope.contains(namespace: "x", labels: ["env": "prod"], ownNamespace: "m"))
        #expect(try !scope.contains(namespace: "m", labels: [:], ownNamespace: "m"))
        #expect(try NamespaceScope.own.contains(namespace: "m", labels: [:], ownNamespace: "m"))
        #expect(try !NamespaceScope.own.contains(namespace: "x", labels: [:], ownNamespace: "m"))
    }
}

struct SelectorStringTests {
    @Test func kubernetesSyntax() {
        let s = LabelSelector(
            matchLabels: ["b": "2", "a": "1"],
            matchExpressions: [
                .init(key: "t", operator: .in, values: ["x", "y"]), .init(key: "u", operator: .notIn, values: ["z"]),
                .init(key: "e", operator: .exists), .init(key: "d", operator: .doesNotExist),
            ])
        #expect(s.selectorString == "a=1,b=2,t in (x,y),u notin (z),e,!d")
    }
}
