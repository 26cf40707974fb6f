import Foundation
import StewardDiagnostics

/// `steward test --format json|junit`: a run written for scripts and for CI.
public enum AuthorTestReport {
    /// One JSON object: the findings of invalid files, each test's result, and the counts.
    public static func json(_ run: AuthorTestRun) -> String {
        struct Summary: Encodable { let passed, failed, errors, invalidFiles: Int }
        struct Document: Encodable {
            let findings: [Diagnostic]
            let tests: [AuthorTestResult]
            let summary: Summary
        }
        let invalidFiles = Set(run.diagnostics.filter { $0.severity == .error }.map(\.file)).count
        let document = Document(findings: run.diagnostics, tests: run.results,
                                summary: Summary(passed: run.passed, failed: run.failed, errors: run.errors,
                                                 invalidFiles: invalidFiles))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// JUnit XML as CI tools read it: a suite per file, a case per test; a failed expectation
    /// is a `failure`, a test that could not run an `error`, and an invalid file a suite with
    /// one erroring case per finding.
    public static func junit(_ run: AuthorTestRun) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let total = run.results.count + run.diagnostics.filter { $0.severity == .error }.count
        let time = seconds(run.results.reduce(0) { $0 + $1.seconds })
        out += "<testsuites name=\"steward test\" tests=\"\(total)\" failures=\(quoted(run.failed))"
            + " errors=\(quoted(total - run.results.count + run.errors)) time=\"\(time)\">\n"
        var files: [String] = []
        for result in run.results where !files.contains(result.file) { files.append(result.file) }
        for file in files {
            let results = run.results.filter { $0.file == file }
            let failures = results.filter { $0.status == .failed }.count
            let errors = results.filter { $0.status == .error }.count
            out += "  <testsuite name=\(quoted(results[0].workflow)) file=\(quoted(file)) tests=\"\(results.count)\""
                + " failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(seconds(results.reduce(0) { $0 + $1.seconds }))\">\n"
            for result in results {
                out += "    <testcase name=\(quoted(result.name)) classname=\(quoted(result.workflow)) file=\(quoted(file))"
                    + " line=\"\(result.line)\" time=\"\(seconds(result.seconds))\""
                guard let failure = result.failure else {
                    out += "/>\n"
                    continue
                }
                let tag = result.status == .error ? "error" : "failure"
                out += ">\n      <\(tag) message=\(quoted(failure.message)) type=\(quoted(failure.step))>"
                out += escaped(text(failure)) + "</\(tag)>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        let invalid = run.diagnostics.filter { $0.severity == .error }
        for file in Set(invalid.map(\.file)).sorted() {
            let findings = invalid.filter { $0.file == file }
            out += "  <testsuite name=\(quoted(file)) file=\(quoted(file)) tests=\"\(findings.count)\" failures=\"0\""
                + " errors=\"\(findings.count)\" time=\"0\">\n"
            for finding in findings {
                let place = finding.location.map { ":\($0.line):\($0.column)" } ?? ""
                out += "    <testcase name=\(quoted("\(file)\(place)")) classname=\"invalid-file\" file=\(quoted(file))"
                    + " line=\"\(finding.location?.line ?? 0)\" time=\"0\">\n"
                out += "      <error message=\(quoted(finding.message)) type=\(quoted(finding.code))>"
                    + escaped("\(file)\(place): \(finding.message)") + "</error>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// The failure as plain lines: where, what, and each difference.
    static func text(_ failure: AuthorTestFailure) -> String {
        var lines = ["line \(failure.line), \(failure.step): \(failure.message)"]
        for d in failure.differences { lines.append("\(d.what): expected \(d.expected); actual \(d.actual)") }
        return lines.joined(separator: "\n")
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func quoted(_ value: Any) -> String { "\"" + escaped("\(value)", attribute: true) + "\"" }

    /// Text safe in XML 1.0: the five markup characters escaped, characters XML cannot hold
    /// (most control characters) written as `\u{…}` so nothing is lost silently; in an
    /// attribute, line breaks and tabs kept as character references.
    static func escaped(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r", "\t":
                out += attribute ? "&#\(scalar.value);" : String(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (0xD800...0xDFFF).contains(v) {
                    out += "\\u{\(String(v, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
