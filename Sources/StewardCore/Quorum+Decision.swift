import StewardModel

extension Quorum {
    /// The action the votes decide, or nil while the people still to act could change the outcome.
    ///
    /// The counted action (each choosing action in turn, for the short form) decides as soon as
    /// it has reached the threshold whatever the others still do; when no counted action can
    /// reach it any more, `otherwise` decides (by default the last choosing action, unless that
    /// is the counted one). Abstentions are neither for nor against. `count` is the number of
    /// people an expression threshold gave.
    static func decision(_ quorum: Quorum, count: Int?, votes: [Vote], eligible: Int, actions: [TaskAction]) -> String? {
        let choosing = actions.filter { !$0.abstains }.map(\.name)
        let remaining = max(eligible - votes.count, 0)
        var cast = 0
        for vote in votes where choosing.contains(vote.action) { cast += 1 }
        var reachable = false
        for name in quorum.action.map({ [$0.value] }) ?? choosing {
            var chosen = 0
            for vote in votes where vote.action == name { chosen += 1 }
            let against = cast - chosen
            if quorum.threshold.isMet(for: chosen, against: against + remaining, eligible: eligible, count: count) {
                return name
            }
            if quorum.threshold.isMet(for: chosen + remaining, against: against, eligible: eligible, count: count) {
                reachable = true
            }
        }
        if reachable { return nil }
        return quorum.otherwise?.value ?? defaultFallback(counted: quorum.action?.value, choosing: choosing)
    }
}

extension Threshold {
    /// Whether `chosen` people for an action (and `against` votes for other actions) reach it.
    func isMet(for chosen: Int, against: Int, eligible: Int, count: Int?) -> Bool {
        guard chosen >= 1 else { return false }
        switch self {
        case .count(let n): return chosen >= n
        case .expression: return count.map { chosen >= $0 } ?? false
        case let .share(numerator, denominator, strict, base):
            let whole = base == .eligible ? eligible : chosen + against
            // Whole numbers only: 2/3 of 9 is 6, and 66% of 9 is 5.94, so 6.
            let left = chosen * denominator
            let right = numerator * whole
            return strict ? left > right : left >= right
        }
    }
}
