/// The limits the loader enforces; each has a default a caller can change.
///
/// Workflow files are small and hand-written, so the defaults are generous for
/// them and tight against hostile or broken input (alias bombs, runaway nesting).
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes. Default 8 MiB.
    public var maxInputBytes: Int = 8 << 20
    /// Deepest nesting of sequences and mappings, checked on parser events. Default 128.
    public var maxDepth: Int = 128
    /// Most nodes in a stream, counting every node an alias expands to. Default 1,000,000.
    public var maxNodes: Int = 1_000_000
    /// Longest scalar, in bytes. Default 1 MiB.
    public var maxScalarBytes: Int = 1 << 20
    /// Whether a key may appear twice in one mapping (it never should). Default false.
    public var allowDuplicateKeys: Bool = false
    /// Whether tags other than YAML's standard ones (`!include`, `!!python/…`) are accepted. Default false.
    public var allowCustomTags: Bool = false
    /// Whether `<<` merges mappings into the one that holds it. Default true.
    public var mergeKeys: Bool = true

    public init() {}

    /// The defaults, for workflow files, roster files and project files.
    public static let `default` = YAMLLimits()

    /// Accepts anything YAML itself accepts, with the size guards kept: for the YAML test suite.
    public static var permissive: YAMLLimits {
        var limits = YAMLLimits()
        limits.allowCustomTags = true
        limits.mergeKeys = false
        return limits
    }
}
