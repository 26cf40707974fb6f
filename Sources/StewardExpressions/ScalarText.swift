/// Builds strings from runs of Unicode scalars by writing their UTF-8 straight into the
/// new string (appending to a `String.UnicodeScalarView` one scalar at a time is several
/// times slower, and templates are split into pieces for every value of a workflow).
enum ScalarText {
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var byteCount = 0
        for scalar in scalars { byteCount += UTF8.width(scalar) }
        return String(unsafeUninitializedCapacity: byteCount) { buffer in
            var index = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[index] = byte
                    index += 1
                }
            }
            return index
        }
    }
}
