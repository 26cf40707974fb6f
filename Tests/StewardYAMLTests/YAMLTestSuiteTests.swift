import Foundation
import StewardYAML
import Testing

/// One case of the YAML test suite (a folder holding in.yaml, test.event, maybe error and in.json).
struct SuiteCase: CustomStringConvertible, Sendable {
    let id: String
    let folder: URL

    var description: String { id }

    static func all() -> [SuiteCase] {
        let root = SuitePaths.yamlTestSuite
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var cases: [SuiteCase] = []
        for name in names.sorted() {
            let folder = root.appendingPathComponent(name)
            if fm.fileExists(atPath: folder.appendingPathComponent("in.yaml").path) {
                cases.append(SuiteCase(id: name, folder: folder))
            } else if let subs = try? fm.contentsOfDirectory(atPath: folder.path) {
                for sub in subs.sorted() where fm.fileExists(atPath: folder.appendingPathComponent("\(sub)/in.yaml").path) {
                    cases.append(SuiteCase(id: "\(name)/\(sub)", folder: folder.appendingPathComponent(sub)))
                }
            }
        }
        return cases
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
    var isErrorCase: Bool { FileManager.default.fileExists(atPath: file("error").path) }

    /// Runs the case the way the suite's own runners do; nil means it passed, else why not.
    func run() throws -> String? {
        let input = Array(try Data(contentsOf: file("in.yaml")))
        var events: [String] = []
        var failed: YAMLError?
        do {
            let reader = try YAMLEventReader(unchecked: input)
            while let (event, _) = try reader.next() { events.append(event.testSuiteNotation) }
        } catch {
            failed = error
        }
        if isErrorCase {
            return failed == nil ? "accepted invalid YAML" : nil
        }
        if let failed { return "rejected valid YAML: \(failed)" }
        let expected = try String(contentsOf: file("test.event"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        if events != expected {
            let index = zip(events, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(events.count, expected.count)
            let got = index < events.count ? events[index] : "(end)"
            let want = index < expected.count ? expected[index] : "(end)"
            return "wrong events at #\(index): got \(got), want \(want)"
        }
        guard let jsonText = try? String(contentsOf: file("in.json"), encoding: .utf8) else { return nil }
        let documents = try YAMLLoader(limits: .permissive).loadStream(input)
        let want = try MiniJSON.parseAll(jsonText)
        let got = documents.map { $0.root.coreSchemaJSON() }
        return got == want ? nil : "JSON differs: got \(got.map(\.jsonText)), want \(want.map(\.jsonText))"
    }
}

@Suite("YAML test suite")
struct YAMLTestSuiteTests {
    static let cases = SuiteCase.all()

    @Test("the suite is present and complete")
    func suiteIsPresent() {
        #expect(Self.cases.count == 402, "expected 402 cases under \(SuitePaths.yamlTestSuite.path)")
    }

    @Test("each case matches libyaml 0.2.5's published result", arguments: cases)
    func matchesLibYAML(_ suiteCase: SuiteCase) throws {
        let failure = try suiteCase.run()
        if let reason = LibYAMLKnownFailures.cases[suiteCase.id] {
            #expect(failure != nil, "\(suiteCase.id) is listed as a libyaml failure (\(reason)) but now passes: remove it from LibYAMLKnownFailures")
        } else {
            #expect(failure == nil, "\(suiteCase.id): \(failure ?? "")")
        }
    }

    @Test("the expected-failure list agrees with libyaml-0.2.5-results.json")
    func knownFailuresMatchPublishedResults() throws {
        let data = try Data(contentsOf: SuitePaths.yamlTestSuite.appendingPathComponent("libyaml-0.2.5-results.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: String]])
        let libyaml = try #require(all["libyaml(CLoader via PyYAML 6.0, libyaml 0.2.5)"])
        let failing = Set(libyaml.filter { $0.value != "pass" }.keys)
        #expect(failing == Set(LibYAMLKnownFailures.cases.keys))
        #expect(libyaml.count - failing.count == 330)
    }
}
