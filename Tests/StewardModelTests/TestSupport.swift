import Foundation
import StewardModel
import StewardYAML

/// Validates workflow text as if it were the file `plan.yaml`.
func validate(_ text: String, context: ValidationContext = ValidationContext()) -> WorkflowValidation {
    WorkflowValidator(context: context).validate(YAMLSource(path: "plan.yaml", bytes: Array(text.utf8)))
}

/// `code@line:column` for each finding, in order: short enough to compare whole lists.
func findings(_ validation: WorkflowValidation) -> [String] {
    validation.diagnostics.map { d in
        d.location.map { "\(d.code)@\($0.line):\($0.column)" } ?? d.code
    }
}

/// A small valid workflow with the given lines under `inputs:` (each already indented by two spaces).
func workflow(inputs: [String]) -> String {
    """
    steward: 1
    id: plan
    inputs:
    \(inputs.joined(separator: "\n"))
    start: draft
    states:
      draft:
        type: task
        assignee: { role: union-office }
        actions: { submit: done }
      done: { type: final }

    """
}

/// The package's Tests/Fixtures folder.
var fixturesFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
}
