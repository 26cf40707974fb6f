import StewardDiagnostics

/// How the people of a task decide together: which action must reach what threshold, and which
/// action decides when the threshold can no longer be reached.
///
/// `quorum: any` (the default) lets the first person's action decide. `quorum: { approve: 2/3,
/// otherwise: reject }` decides `approve` as soon as two thirds of the eligible people chose it,
/// and `reject` as soon as that can no longer happen: never by "the most chosen action".
public struct Quorum: Sendable, Hashable, CustomStringConvertible {
    /// The action whose votes are counted; nil counts every action on its own (the short form).
    public let action: Located<String>?
    public let threshold: Threshold
    /// What decides when the threshold can no longer be reached; nil: the last action written
    /// that is not an abstention (`validate` warns and asks for it to be written).
    public let otherwise: Located<String>?
    /// A secret ballot (`secret: true`): the trail keeps who voted and, once counted, the
    /// tally, never a person's choice; the ballots are counted when everyone has voted.
    public let secret: Bool
    public let location: SourceLocation?

    public init(action: Located<String>? = nil, threshold: Threshold, otherwise: Located<String>? = nil,
                secret: Bool = false, location: SourceLocation? = nil) {
        self.action = action
        self.threshold = threshold
        self.otherwise = otherwise
        self.secret = secret
        self.location = location
    }

    /// The first person to act decides.
    public static let any = Quorum(threshold: .count(1))

    /// The action that decides when the threshold is out of reach and no `otherwise` is written:
    /// the last choosing action, unless that is the counted one (then nothing does).
    public static func defaultFallback(counted: String?, choosing: [String]) -> String? {
        guard let last = choosing.last, last != counted else { return nil }
        return last
    }

    /// True for `any`: the first action taken decides.
    public var isAny: Bool { action == nil && threshold == .count(1) }

    public var description: String {
        guard let action else { return isAny ? "any" : threshold.description }
        let fallback = otherwise.map { ", otherwise: \($0.value)" } ?? ""
        return "{ \(action.value): \(threshold)\(fallback)\(secret ? ", secret: true" : "") }"
    }

    public static func == (lhs: Quorum, rhs: Quorum) -> Bool {
        lhs.action?.value == rhs.action?.value && lhs.threshold == rhs.threshold && lhs.otherwise?.value == rhs.otherwise?.value
            && lhs.secret == rhs.secret
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(action?.value)
        hasher.combine(threshold)
        hasher.combine(otherwise?.value)
        hasher.combine(secret)
    }
}

/// What must be reached: a number of people, or a share of the eligible people or of the votes cast.
public enum Threshold: Sendable, Hashable, CustomStringConvertible {
    /// At least this many people.
    case count(Int)
    /// At least `numerator/denominator` (more than, when `strict`) of `base`.
    case share(numerator: Int, denominator: Int, strict: Bool, base: Base)
    /// A number of people computed when someone acts (`${{ inputs.quota }}`).
    case expression(TemplateText)

    /// What a share is taken of.
    public enum Base: Sendable, Hashable {
        /// Everyone who may act on the task (the four-eyes rule's barred people excluded).
        case eligible
        /// The votes cast for or against: abstentions and people who did not act are left out.
        case votesCast
    }

    /// Every eligible person.
    public static let all = Threshold.share(numerator: 1, denominator: 1, strict: false, base: .eligible)
    /// More than half of the eligible people.
    public static let majority = Threshold.share(numerator: 1, denominator: 2, strict: true, base: .eligible)

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .expression(let text): return text.raw
        case let .share(numerator, denominator, strict, base):
            let share: String
            switch (numerator, denominator, strict) {
            case (1, 1, false): share = "all"
            case (1, 2, true): share = "majority"
            case (_, 100, false): share = "\(numerator)%"
            default: share = "\(numerator)/\(denominator)"
            }
            return base == .votesCast ? share + " of votes cast" : share
        }
    }
}
