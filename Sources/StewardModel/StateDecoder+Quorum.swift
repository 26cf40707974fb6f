import StewardDiagnostics
import StewardYAML

extension StateDecoder {
    /// `any`, `all`, `majority`, `2/3`, `66%`, `3`, `${{ inputs.quota }}` (each action counted on
    /// its own), or `{ ACTION: THRESHOLD, otherwise: ACTION }` (one action counted).
    func quorum(_ node: YAMLNode, _ what: String) -> Quorum? {
        let label = "'quorum' of \(what)"
        guard let m = node.mapping else {
            return threshold(node, label).map { Quorum(threshold: $0, location: reader.location(node)) }
        }
        var counted: (action: Located<String>, threshold: Threshold)?
        var otherwise: Located<String>?
        var secret = false
        for pair in m.pairs {
            guard let key = reader.string(pair.key, "a key of \(label)") else { return nil }
            if key == "otherwise" {
                otherwise = reader.locatedString(pair.value, "'otherwise' of \(label)")
                continue
            }
            if key == "secret" {
                guard let flag = reader.boolean(pair.value, "'secret' of \(label)") else { return nil }
                secret = flag
                continue
            }
            if let first = counted {
                reader.report(.badQuorum, at: reader.location(pair.key),
                              "\(label) counts '\(first.action.value)' and '\(key)'; count one action",
                              notes: ["what happens when it is not reached is said with 'otherwise'"],
                              suggestion: "for example { approve: 2/3, otherwise: reject }")
                return nil
            }
            guard let threshold = threshold(pair.value, "'\(key)' of \(label)") else { return nil }
            counted = (Located(key, at: reader.location(pair.key)), threshold)
        }
        guard let counted else {
            reader.report(.missingKey, at: reader.location(node), "\(label) does not say which action to count",
                          suggestion: "for example { approve: 2/3, otherwise: reject }")
            return nil
        }
        return Quorum(action: counted.action, threshold: counted.threshold, otherwise: otherwise, secret: secret,
                      location: reader.location(node))
    }

    private func threshold(_ node: YAMLNode, _ what: String) -> Threshold? {
        guard let s = reader.scalar(node, what) else { return nil }
        if s.text.contains("${{") {
            return reader.template(node, what).map(Threshold.expression)
        }
        let words = ["any", "all", "majority"]
        func refuse(_ message: String, suggestion: String? = nil) -> Threshold? {
            reader.report(.badQuorum, at: reader.location(node), message,
                          notes: ["a threshold is any, all, majority, a share such as 2/3 or 66% (either may end with "
                                  + "'of votes cast'), a number of people, or ${{ … }} giving one"],
                          suggestion: suggestion)
            return nil
        }
        var text = Self.trimmed(s.text)
        var base = Threshold.Base.eligible
        let cast = " of votes cast"
        if text.hasSuffix(cast) {
            base = .votesCast
            text = Self.trimmed(String(text.dropLast(cast.count)))
        }
        if s.style != .plain, CoreSchema.integer(text) != nil {
            return refuse("\(what) must be a number of people, not quoted text", suggestion: "remove the quotes: \(text)")
        }
        switch text {
        case "any" where base == .eligible: return .count(1)
        case "all": return .share(numerator: 1, denominator: 1, strict: false, base: base)
        case "majority": return .share(numerator: 1, denominator: 2, strict: true, base: base)
        default: break
        }
        if text.hasSuffix("%"), let p = Int(text.dropLast()), String(p) == String(text.dropLast()) {
            guard (1...100).contains(p) else { return refuse("\(what) must be a share from 1% to 100%; got '\(s.text)'") }
            return .share(numerator: p, denominator: 100, strict: false, base: base)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), String(n) == parts[0], String(d) == parts[1] {
            guard n >= 1, d >= 1, n <= d else {
                return refuse("\(what) must be a share no larger than the whole, such as 2/3; got '\(s.text)'")
            }
            return .share(numerator: n, denominator: d, strict: false, base: base)
        }
        if let n = CoreSchema.integer(text), String(n) == text {
            guard base == .eligible else {
                return refuse("\(what) counts people, which does not depend on the votes cast; got '\(s.text)'",
                              suggestion: "write \(n) alone")
            }
            guard n >= 1 else { return refuse("\(what) must be at least 1; got \(n)") }
            return .count(n)
        }
        return refuse("\(what) must be any, all, majority, a share or a number of people; got '\(s.text)'",
                      suggestion: Suggestions.didYouMean(text, in: words))
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
