import StewardModel

extension Quorum {
    /// How many people must choose one action for it to decide the task, among `eligible` people.
    public func threshold(eligible: Int) -> Int {
        switch self {
        case .any: 1
        case .all: max(eligible, 1)
        case .majority: eligible / 2 + 1
        case .count(let n): min(n, max(eligible, 1))
        }
    }

    /// The action that decides the task, or nil while the outcome can still change.
    ///
    /// An action decides as soon as enough people chose it. When no action can reach the
    /// threshold any more, the task is decided early by the most chosen action; on a tie,
    /// the action written last wins (workflows list the approving action first, so a tie
    /// never approves).
    static func decision(_ quorum: Quorum, votes: [Vote], eligible: Int, actions: [String]) -> String? {
        let needed = quorum.threshold(eligible: eligible)
        var counts: [String: Int] = [:]
        for vote in votes { counts[vote.action, default: 0] += 1 }
        if let reached = actions.first(where: { counts[$0, default: 0] >= needed }) { return reached }
        let remaining = max(eligible - votes.count, 0)
        guard actions.allSatisfy({ counts[$0, default: 0] + remaining < needed }) else { return nil }
        let best = counts.values.max() ?? 0
        return actions.last { counts[$0, default: 0] == best && best > 0 }
    }
}
