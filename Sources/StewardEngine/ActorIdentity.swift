import Foundation
import StewardModel

/// Who runs a command: the person declared, the OS account and host it runs on.
public struct ActorIdentity: Sendable, Equatable {
    /// The roster person acting, or nil for the engine itself (ticks).
    public let person: String?
    /// An admin acting for `person`, recorded as such.
    public let onBehalfBy: String?
    public let account: String
    public let host: String

    public init(person: String?, onBehalfBy: String? = nil, account: String, host: String) {
        self.person = person
        self.onBehalfBy = onBehalfBy
        self.account = account
        self.host = host
    }

    /// The engine acting on its own (cron ticks, timers).
    public static func engine(account: String, host: String) -> ActorIdentity {
        ActorIdentity(person: nil, account: account, host: host)
    }

    /// Checks a declared person against the roster and, with `identity: os`, the OS account.
    ///
    /// With `os`, the person's roster account must be the account running the command;
    /// an admin's account may act for anyone, and the entry records the admin.
    ///
    /// `account` is nil when the running user has no entry in the system's user list: under
    /// `identity: os` that is refused, never matched through `$USER`, which anyone can set.
    public static func resolve(declared: String, roster: Roster?, mode: ProjectConfig.Identity, account: String?,
                               host: String) throws(EngineError) -> ActorIdentity {
        guard let roster else {
            throw EngineError(.notFound, "no roster could be read, so '\(declared)' cannot be checked; create roster.yaml, or fix the errors shown above")
        }
        guard let person = roster.people[declared] else {
            throw EngineError(.refused, "'\(declared)' is not a person of the roster", reason: "unknown-person")
        }
        switch mode {
        case .declared:
            return ActorIdentity(person: declared, account: account ?? unnamedAccount, host: host)
        case .os:
            guard let account else {
                throw EngineError(.refused, "the user running this command (uid \(geteuid())) has no entry in the system's user list, "
                                      + "so identity: os cannot tell who it is; run it as the person's own account",
                                  reason: "identity-mismatch")
            }
            if person.account == account { return ActorIdentity(person: declared, account: account, host: host) }
            if let admin = roster.admins.first(where: { roster.people[$0]?.account == account }) {
                return ActorIdentity(person: declared, onBehalfBy: admin, account: account, host: host)
            }
            throw EngineError(.refused,
                              "the OS account '\(account)' is not '\(declared)''s account (\(person.account ?? "none")); identity is checked against the OS",
                              reason: "identity-mismatch")
        }
    }

    /// The name of the account running this process, from the system's user list; nil when
    /// it has none there (never taken from `$USER`, which anyone can set).
    public static var currentAccount: String? {
        guard let name = getpwuid(geteuid())?.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// How the trail names an account the system's user list does not know.
    public static var unnamedAccount: String { "uid:\(geteuid())" }

    public static var currentHost: String { ProcessInfo.processInfo.hostName }
}
