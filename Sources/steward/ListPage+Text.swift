import ArgumentParser
import StewardEngine
import StewardModel

extension ListPage {
    /// `showing 1-200 of 21056 instances; next page: --after ID`: the last line of a list
    /// that does not show every match (docs/cli.md); nil when it shows them all.
    func note(_ noun: String) -> String? {
        guard isCut else { return nil }
        let shown = items.isEmpty ? "none" : "\(offset + 1)-\(offset + items.count)"
        return "showing \(shown) of \(total) \(noun)" + (next.map { "; next page: --after \($0)" } ?? "")
    }
}

/// A page as `--json` prints it: the items, how many matching items come before them, how
/// many match in all, and what `--after` takes for the next page (absent on the last page).
struct PageJSON<Item: Encodable>: Encodable {
    let items: [Item]
    let offset: Int
    let total: Int
    let next: String?

    init<Stored>(_ page: ListPage<Stored>, items: [Item]) {
        self.items = items
        offset = page.offset
        total = page.total
        next = page.next
    }
}

/// The options every list command shares, checked the same way.
enum ListOptions {
    /// A page holds at least one item.
    static func check(limit: Int?) throws {
        if let limit, limit < 1 { throw ValidationError("--limit takes a number of items, 1 or more; got \(limit)") }
    }

    /// Why a filtered list may be empty: ` ('x' is none of the project's workflows; did you
    /// mean 'y'?)` for a workflow id no workflow file has, else nothing. A workflow whose file
    /// is gone may still have instances, so the id itself is never refused.
    static func workflowHint(_ workflow: String?, project: Project) -> String {
        // Only a hint: when the workflow files cannot be read there is none to give.
        guard let workflow, let files = try? project.workflowFiles() else { return "" }
        let known = files.keys
        guard !known.contains(workflow) else { return "" }
        let guess = Suggestions.didYouMean(workflow, in: known).map { "; \($0)" } ?? ""
        return " ('\(workflow)' is none of the project's workflows\(guess))"
    }

    /// ` ('x' is not in the roster; did you mean 'y'?)` for a person the roster lacks, else
    /// nothing. Someone who left may still appear in the trail, so the name is never refused.
    static func personHint(_ person: String?, project: Project) -> String {
        guard let person, let roster = project.roster, roster.people[person] == nil else { return "" }
        let guess = Suggestions.didYouMean(person, in: roster.people.keys).map { "; \($0)" } ?? ""
        return " ('\(person)' is not in the roster\(guess))"
    }
}
