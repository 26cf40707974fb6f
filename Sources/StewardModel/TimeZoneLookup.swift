import Foundation

/// Time zones by IANA name.
public enum TimeZoneLookup {
    public static func zone(_ name: String) -> TimeZone? { TimeZone(identifier: name) }
}
