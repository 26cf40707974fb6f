import StewardDiagnostics

/// How one author test ended.
public struct AuthorTestResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case passed, failed
        /// The test could not run to its end for a reason other than an expectation: a
        /// handler with no mock, a start the rules refused.
        case error
    }

    public let file: String
    public let workflow: String
    public let name: String
    public let line: Int
    public var status: Status
    /// Where it failed, when it did.
    public var failure: AuthorTestFailure?
    /// Wall-clock seconds the test took.
    public var seconds: Double

    public init(file: String, workflow: String, name: String, line: Int, status: Status, failure: AuthorTestFailure?,
                seconds: Double) {
        self.file = file
        self.workflow = workflow
        self.name = name
        self.line = line
        self.status = status
        self.failure = failure
        self.seconds = seconds
    }
}

/// The step a test failed at, what went wrong, and what differed from the expectation.
public struct AuthorTestFailure: Sendable, Equatable, Codable {
    public let line: Int
    /// The step in words: `step 3 (zhang.wei approve review)`, `expect`.
    public let step: String
    public let message: String
    public let differences: [AuthorTestDifference]

    public init(line: Int, step: String, message: String, differences: [AuthorTestDifference]) {
        self.line = line
        self.step = step
        self.message = message
        self.differences = differences
    }
}

/// One expectation not met: what was checked, what the test expected, what the run had.
public struct AuthorTestDifference: Sendable, Equatable, Codable {
    public let what: String
    public let expected: String
    public let actual: String

    public init(what: String, expected: String, actual: String) {
        self.what = what
        self.expected = expected
        self.actual = actual
    }
}

/// What one run of `steward test` found: findings of invalid files, and the results.
public struct AuthorTestRun: Sendable {
    public var diagnostics: [Diagnostic] = []
    public var results: [AuthorTestResult] = []

    public init() {}

    public var passed: Int { results.filter { $0.status == .passed }.count }
    public var failed: Int { results.filter { $0.status == .failed }.count }
    public var errors: Int { results.filter { $0.status == .error }.count }
    public var invalid: Bool { diagnostics.contains { $0.severity == .error } }
    public var allPassed: Bool { !invalid && passed == results.count }
}
