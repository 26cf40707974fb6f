import StewardModel

/// The counting of instances started before thresholds (`DecisionRules.mostChosen`), kept so
/// that their votes still decide, and their trails still replay, as they did when they began.
extension Quorum {
    /// How many people had to choose one action, among `eligible` people.
    func mostChosenThreshold(eligible: Int) -> Int {
        switch threshold {
        case .count(let n): min(n, max(eligible, 1))
        case let .share(numerator, denominator, strict, _):
            // `all` and `majority` were the only shares these instances could have.
            strict ? eligible * numerator / denominator + 1 : max((eligible * numerator + denominator - 1) / denominator, 1)
        case .expression: 1
        }
    }

    /// The action that decided under those rules, or nil while the outcome could still change.
    ///
    /// An action decided as soon as enough people chose it. When no action could reach the
    /// threshold any more, the most chosen action decided; on a tie, the action written last.
    /// Under `all`, as soon as two people chose differently, the action written last among
    /// those chosen decided.
    static func mostChosenDecision(_ quorum: Quorum, votes: [Vote], eligible: Int, actions: [String]) -> String? {
        let needed = quorum.mostChosenThreshold(eligible: eligible)
        var counts = [Int](repeating: 0, count: actions.count)
        var others: [String: Int] = [:]
        for vote in votes {
            if let i = actions.firstIndex(of: vote.action) { counts[i] += 1 } else { others[vote.action, default: 0] += 1 }
        }
        let chosen = counts.filter { $0 > 0 }.count + others.count
        if quorum.threshold == .all, chosen > 1 {
            return actions.indices.last { counts[$0] > 0 }.map { actions[$0] }
        }
        if let reached = actions.indices.first(where: { counts[$0] >= needed }) { return actions[reached] }
        let remaining = max(eligible - votes.count, 0)
        guard counts.allSatisfy({ $0 + remaining < needed }) else { return nil }
        let best = max(counts.max() ?? 0, others.values.max() ?? 0)
        guard best > 0, let leader = counts.lastIndex(of: best) else { return nil }
        for (i, count) in counts.enumerated() where i != leader {
            let most = count + remaining
            if most > best || (most == best && i > leader) { return nil }
        }
        return actions[leader]
    }
}
