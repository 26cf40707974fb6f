import Foundation
import StewardTime

extension Engine {
    /// `2026-12-31 23:59` from the local ISO 8601 text `2026-12-31T23:59:59.999+08:00`: a
    /// moment to the minute, in the organization's time zone, as organizers read it.
    public static func moment(_ iso: String) -> String {
        guard iso.count >= 16 else { return iso }
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `2026-11-02 09:00 (+08:00)`: `instant` as the office's clocks showed it, for a message
    /// that may be read later and elsewhere (a refusal is recorded in the trail).
    func moment(_ instant: Instant) -> String {
        "\(Self.moment(instant.iso8601(in: project.zone))) (\(instant.offsetText(in: project.zone)))"
    }
}
