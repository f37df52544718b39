import PromModel

/// Which aggregation a grouping cache belongs to: its place in the query and its grouping.
struct AggregationKey: Hashable {
    let pos: PosRange
    let without: Bool
    let grouping: [String]
}

/// The groups of one aggregation, kept across the steps of a query so that each input series is hashed and
/// each group's labels built once per query rather than once per step.
///
/// An input series is recognised by its position in the input vector and its label storage: the engine passes
/// the same `Labels` along from step to step, so a pointer comparison usually settles it; anything else falls
/// back to hashing the grouping labels, exactly as a first visit does.
final class AggregationGroups {
    /// Group of each position of the input vector at the last evaluation.
    private var inputLabels: [Labels] = []
    private var inputGroup: [Int] = []
    /// Grouping-label hash → group id, and each group's output labels.
    private var idOfHash: [Int: Int] = [:]
    private(set) var labels: [Labels] = []
    /// Group id → slot of the current evaluation (-1: absent); reset after each.
    private var slotOf: [Int] = []

    /// The slot (groups numbered in order of first appearance) of each input sample, and the group of each
    /// slot. `key` hashes a series' grouping labels and `groupLabels` builds them, both only for series not
    /// seen at the same input position before.
    func assign(_ input: [VSample], key: (Labels) -> Int, groupLabels: (Labels) -> Labels) -> (slots: [Int], groups: [Int]) {
        // Worked on as locals: no exclusivity checks or uniqueness tests on class storage per sample.
        var inputLabels: [Labels] = [], inputGroup: [Int] = [], slotOf: [Int] = []
        swap(&inputLabels, &self.inputLabels)
        swap(&inputGroup, &self.inputGroup)
        swap(&slotOf, &self.slotOf)
        defer {
            swap(&inputLabels, &self.inputLabels)
            swap(&inputGroup, &self.inputGroup)
            swap(&slotOf, &self.slotOf)
        }
        var slots = [Int](repeating: 0, count: input.count)
        var groups: [Int] = []
        for i in input.indices {
            let l = input[i].labels
            let id: Int
            if i < inputLabels.count, inputLabels[i].storage.count == l.storage.count,
               sameStorage(inputLabels[i].storage, l.storage) {
                id = inputGroup[i]
            } else {
                let h = key(l)
                if let known = idOfHash[h] {
                    id = known
                } else {
                    id = labels.count
                    idOfHash[h] = id
                    labels.append(groupLabels(l))
                    slotOf.append(-1)
                }
                if i < inputLabels.count {
                    inputLabels[i] = l
                    inputGroup[i] = id
                } else {
                    inputLabels.append(l)
                    inputGroup.append(id)
                }
            }
            var slot = slotOf[id]
            if slot < 0 {
                slot = groups.count
                slotOf[id] = slot
                groups.append(id)
            }
            slots[i] = slot
        }
        for id in groups { slotOf[id] = -1 }
        return (slots, groups)
    }
}

extension Evaluator {
    func aggregationGroups(_ a: AggregateExpr) -> AggregationGroups {
        let key = AggregationKey(pos: a.pos, without: a.without, grouping: a.grouping)
        if let g = aggregationCache[key] { return g }
        let g = AggregationGroups()
        aggregationCache[key] = g
        return g
    }

    /// Aggregations that reduce each group's float values to one number, through the per-query group cache.
    func aggregateFloats(_ a: AggregateExpr, _ input: [VSample], _ param: Double) -> [VSample] {
        let cache = aggregationGroups(a)
        let (slots, groups) = cache.assign(input, key: { groupingHash($0, a) }, groupLabels: { groupingKey($0, a) })
        var result = [Double](repeating: 0, count: groups.count)
        switch a.op {
        case .sum:
            var sums = [KahanSum](repeating: KahanSum(), count: groups.count)
            for i in input.indices { sums[slots[i]].add(input[i].v) }
            for g in groups.indices { result[g] = sums[g].value }
        case .count:
            for i in input.indices { result[slots[i]] += 1 }
        case .group:
            for g in groups.indices { result[g] = 1 }
        case .min, .max:
            let isMax = a.op == .max
            var seen = [Bool](repeating: false, count: groups.count)
            for i in input.indices {
                let g = slots[i], x = input[i].v
                if !seen[g] {
                    seen[g] = true
                    result[g] = x
                } else if result[g].isNaN || (isMax ? x > result[g] : x < result[g]) {
                    result[g] = x
                }
            }
        default:
            var values = [[Double]](repeating: [], count: groups.count)
            for i in input.indices { values[slots[i]].append(input[i].v) }
            for g in groups.indices { result[g] = reduce(a.op, values[g], param) }
        }
        // Grouping by a to-be-dropped name keeps the pending drop (delayed name removal) of the group's first
        // sample.
        var firstDropName = [Bool](repeating: false, count: groups.count)
        if !a.without && a.grouping.contains(LabelName.metricName) {
            var seen = [Bool](repeating: false, count: groups.count)
            for i in input.indices where !seen[slots[i]] {
                seen[slots[i]] = true
                firstDropName[slots[i]] = input[i].dropName
            }
        }
        var out: [VSample] = []
        out.reserveCapacity(groups.count)
        for (slot, id) in groups.enumerated() {
            out.append(VSample(labels: cache.labels[id], v: result[slot], dropName: firstDropName[slot]))
        }
        return out
    }

    /// One group's value for the operators that need only the values.
    func reduce(_ op: AggregateOp, _ vals: [Double], _ param: Double) -> Double {
        switch op {
        case .sum:
            var k = KahanSum()
            for x in vals { k.add(x) }
            return k.value
        case .avg: return mean(vals)
        case .count: return Double(vals.count)
        case .group: return 1
        case .min:
            var m = vals[0]
            for x in vals.dropFirst() where m.isNaN || x < m { m = x }
            return m
        case .max:
            var m = vals[0]
            for x in vals.dropFirst() where m.isNaN || x > m { m = x }
            return m
        case .stddev: return variance(vals).squareRoot()
        case .stdvar: return variance(vals)
        case .quantile: return quantile(param, vals)
        default: return .nan
        }
    }
}
