/// Inputs built to hurt a loader; the loader must refuse them quickly with default limits.
enum HostileYAML {
    /// The "billion laughs" alias bomb: level `a` is a list of `width` strings, each
    /// next level a list of `width` aliases to the one before; `levels` levels in all.
    ///
    /// With 9 levels of 10 it is under 500 bytes and expands to 10^9 strings.
    static func aliasBomb(levels: Int = 9, width: Int = 10) -> [UInt8] {
        let names = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        precondition(levels >= 1 && levels <= names.count)
        let strings = Array(repeating: "\"lol\"", count: width).joined(separator: ",")
        var lines = ["a: &a [\(strings)]"]
        for level in 1..<levels {
            let aliases = Array(repeating: "*\(names[level - 1])", count: width).joined(separator: ",")
            lines.append("\(names[level]): &\(names[level]) [\(aliases)]")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `depth` opening brackets and as many closing ones: nesting far past any limit.
    static func deepNesting(depth: Int = 100_000) -> [UInt8] {
        Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
    }
}
