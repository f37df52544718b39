/// Turns a label selector into relabel rules over discovered metadata labels, as prometheus-operator does:
/// `__meta_kubernetes_<role>_label_<name>` carries the value and `..._labelpresent_<name>` says it exists.
enum SelectorRelabeling {
    /// Discovery label names replace every character outside `[a-zA-Z0-9_]` with `_`.
    static func sanitize(_ name: String) -> String {
        String(
            name.unicodeScalars.map { s -> Character in
                let ok = (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
                return ok ? Character(s) : "_"
            })
    }

    /// Rules for `selector` on objects of discovery kind `prefix` (`service` or `pod`), in a stable order.
    static func rules(_ selector: LabelSelector, prefix: String) throws(RenderError) -> [PromRelabel] {
        var out: [PromRelabel] = []
        let label = { (k: String) in "__meta_kubernetes_\(prefix)_label_\(sanitize(k))" }
        let present = { (k: String) in "__meta_kubernetes_\(prefix)_labelpresent_\(sanitize(k))" }
        for (k, v) in (selector.matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            out.append(
                PromRelabel(sourceLabels: [label(k), present(k)], regex: "(\(quoteRegex(v)));true", action: "keep"))
        }
        for r in selector.matchExpressions ?? [] {
            let values = (r.values ?? []).map(quoteRegex).joined(separator: "|")
            switch r.operator {
            case .in:
                out.append(
                    PromRelabel(
                        sourceLabels: [label(r.key), present(r.key)], regex: "(\(values));true", action: "keep"))
            case .notIn:
                out.append(
                    PromRelabel(
                        sourceLabels: [label(r.key), present(r.key)], regex: "(\(values));true", action: "drop"))
            case .exists:
                out.append(PromRelabel(sourceLabels: [present(r.key)], regex: "true", action: "keep"))
            case .doesNotExist:
                out.append(PromRelabel(sourceLabels: [present(r.key)], regex: "true", action: "drop"))
            default:
                throw RenderError.badSelector(
                    SelectorError.unknownOperator(key: r.key, operator: r.operator.rawValue).description)
            }
        }
        return out
    }

    /// Escapes RE2 metacharacters so a label value matches literally.
    static func quoteRegex(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// Why a monitor could not be rendered; the reconciler reports it as the monitor's rejection reason.
package enum RenderError: Error, Equatable, CustomStringConvertible {
    case badSelector(String)
    case invalidField(path: String, value: String, reason: String)
    /// A user-chosen name the operator keeps for itself (the `OperatorCredentials` user in `basicAuthUsers`).
    case reservedName(path: String, value: String, reason: String)

    package var description: String {
        switch self {
        case .badSelector(let m): return m
        case .invalidField(let path, let value, let reason), .reservedName(let path, let value, let reason):
            return "\(path) \"\(value)\": \(reason)"
        }
    }

    /// The `Reconciled` condition's reason for a `Sextant` rejected with this error; nil: the generic one.
    package var conditionReason: String? {
        switch self {
        case .reservedName: "ReservedUserName"
        case .badSelector, .invalidField: nil
        }
    }
}

/// `selectorMechanism: RoleSelector`: also filter in the API server (less discovery traffic). The relabel
/// keep rules stay, so the result is the same either way.
enum RoleSelectors {
    static func selectors(_ mechanism: SelectorMechanism?, _ selector: LabelSelector, role: String)
        -> [PromKubernetesSD.Selector]?
    {
        guard mechanism == .roleSelector, !selector.isEmpty else { return nil }
        return [PromKubernetesSD.Selector(role: role, label: selector.selectorString)]
    }
}
