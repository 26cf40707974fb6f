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
    /// threshold any more, the task is decided by the most chosen action; on a tie, the
    /// action written last wins (workflows list the approving action first, so a tie
    /// never approves). That happens before everyone acted only when the people still to
    /// act could not change which action that is, so the outcome never depends on who
    /// acted first.
    ///
    /// `all` means what it says: as soon as two people choose differently, unanimity is out of
    /// reach and the action written last among those chosen decides, so one rejection stops
    /// an approval.
    static func decision(_ quorum: Quorum, votes: [Vote], eligible: Int, actions: [String]) -> String? {
        let needed = quorum.threshold(eligible: eligible)
        // Votes per action, by the action's place in `actions` (a handful: no hashing).
        var counts = [Int](repeating: 0, count: actions.count)
        var others: [String: Int] = [:]
        for vote in votes {
            if let i = actions.firstIndex(of: vote.action) { counts[i] += 1 } else { others[vote.action, default: 0] += 1 }
        }
        let chosen = counts.filter { $0 > 0 }.count + others.count
        if case .all = quorum, chosen > 1 {
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
