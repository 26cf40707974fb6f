import StewardDiagnostics
import StewardModel
import Testing

/// `--field` and `--input` values: what a person types is kept as typed; only lists and
/// objects are read as YAML, and their problems say which field and what to write.
@Suite("command-line values")
struct FieldInputTests {
    static let here = SourceLocation(line: 1, column: 1)

    static func field(_ name: String, _ type: FieldType, label: String? = nil, required: Bool = false) -> FieldSpec {
        FieldSpec(name: name, type: type, required: required, label: label, location: here)
    }

    /// 重点任务: a list of {name, owner, deadline}, as in the `steward init` workflow.
    static let items = field("items", .list(field("item", .object([
        field("name", .string, required: true), field("owner", .person, required: true), field("deadline", .date),
    ]))), label: "重点任务")

    static let ids = FieldExamples(person: "zhang.wei", role: "union-office")

    func parse(_ text: String, _ spec: FieldSpec, as place: FieldInput.Place = .field) -> Result<FieldValue, FieldInputError> {
        FieldInput.parse(text, for: spec, as: place, examples: Self.ids)
    }

    func message(_ text: String, _ spec: FieldSpec, as place: FieldInput.Place = .field) -> String? {
        if case .failure(let error) = parse(text, spec, as: place) { return error.message }
        return nil
    }

    static let tricky = [
        "Priority #1", "a: b", "*note", "&anchor", "!tag", "'quoted", "\"double", "- dash", "[bracket", "{brace",
        "? question", "| bar", "> folded", "%percent", "@at", "`tick", "yes", "no", "~", "null", "true", "0123", "1.10",
        "", "  leading and trailing  ", "\ttab", "会议：下午三点，地点：三楼", "目标: 提高#2", "第一行\n第二行\n", "a\r\nb",
        "---", "...", "key: [1, 2] # comment",
    ]

    @Test("text and string fields keep every character as typed", arguments: tricky)
    func literalText(_ text: String) throws {
        for type in [FieldType.text, .string, .file] {
            #expect(try parse(text, Self.field("goals", type)).get() == .string(text), "\(type)")
        }
    }

    @Test("other single values are typed by their field, without the spaces around them")
    func typedScalars() throws {
        #expect(try parse(" 2026 ", Self.field("year", .integer)).get() == .integer(2026))
        #expect(try parse("1.5", Self.field("ratio", .number)).get() == .number(1.5))
        #expect(try parse("true", Self.field("done", .boolean)).get() == .boolean(true))
        #expect(try parse("2026-10-01 ", Self.field("day", .date)).get() == .string("2026-10-01"))
        #expect(try parse("zhang.wei", Self.field("owner", .person)).get() == .string("zhang.wei"))
        #expect(try parse("no", Self.field("answer", .enumeration(["yes", "no"]))).get() == .string("no"))
        #expect(try parse("3 days", Self.field("time", .duration)).get() == .string("3 days"))
    }

    @Test("a single value that does not fit says which field and why, with the label")
    func typedRefusals() {
        let year = Self.field("year", .integer, label: "年份")
        #expect(message("2026 #1", year, as: .input) == "input 'year' (年份) must be a whole number; got '2026 #1'")
        #expect(message("1.5", year) == "field 'year' (年份) must be a whole number; '1.5' has a fraction")
        #expect(message("~", year) == "field 'year' (年份) is empty; give it a value")
        #expect(message("  ", year) == "field 'year' (年份) is empty; give it a value, or leave it out")
        #expect(message("yes", Self.field("done", .boolean)) == "field 'done' must be true or false; got 'yes'; write true")
        #expect(message("优", Self.field("level", .enumeration(["优秀", "良好"])))
            == "field 'level' must be one of '优秀', '良好'; got '优'; did you mean '优秀'?")
        #expect(message("2026-02-30", Self.field("day", .date)) == "field 'day' is '2026-02-30', which is not a real date; check the month and the day")
    }

    @Test("a control character other than tab and line breaks is refused, never dropped")
    func controlCharacters() {
        #expect(message("a\u{1B}[31mb", Self.field("goals", .text, label: "工作目标"))
            == "field 'goals' (工作目标) holds an invisible control character (U+001B) at character 2; remove it")
        #expect(message("x\u{7F}", Self.field("n", .integer)) == "field 'n' holds an invisible control character (U+007F) at character 2; remove it")
        #expect(message("[理论\u{8}学习]", Self.items)
            == "field 'items' (重点任务) holds an invisible control character (U+0008) at character 4; remove it")
    }

    @Test("lists and objects are YAML, flow or block")
    func structured() throws {
        let one = FieldValue.object(["name": .string("理论学习"), "owner": .string("zhang.wei")])
        #expect(try parse("[{name: 理论学习, owner: zhang.wei}]", Self.items).get() == .list([one]))
        #expect(try parse("- name: 理论学习\n  owner: zhang.wei\n", Self.items).get() == .list([one]))
        #expect(try parse("[{name: 'Priority #1', owner: zhang.wei}]", Self.items).get()
            == .list([.object(["name": .string("Priority #1"), "owner": .string("zhang.wei")])]))
        #expect(try parse("[]", Self.items).get() == .list([]))
        let owner = Self.field("owner", .object([Self.field("name", .string), Self.field("phone", .string)]))
        #expect(try parse("{name: 张伟, phone: 0123}", owner).get() == .object(["name": .string("张伟"), "phone": .string("0123")]))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let text: String
        let message: String
        var testDescription: String { text.isEmpty ? "(empty)" : text }
    }

    static let example = "write it like [{name: …, owner: zhang.wei, deadline: 2026-10-01}]"
    static let listRefusals = [
        Refusal(text: "理论学习", message: "field 'items' (重点任务) is a list; \(example)"),
        Refusal(text: "", message: "field 'items' (重点任务) is a list; \(example), or [] for none"),
        Refusal(text: "name: 理论学习, owner: zhang.wei",
                message: "field 'items' (重点任务) is a list; \(example) (what was given does not read as one: at character 18, "
                    + "a ': ' cannot appear here; put a value that contains ': ' in quotes, or check the indentation of this line)"),
        Refusal(text: "[{name: 理论学习, owner: zhang.wei}",
                message: "field 'items' (重点任务) is a list; \(example) (what was given does not read as one: at character 1, "
                    + "a '[' list is not closed, or two of its items lack a ',' between them)"),
        Refusal(text: "{name: 理论学习, owner: zhang.wei}", message: "field 'items' (重点任务) is a list; \(example)"),
        Refusal(text: "[理论学习]",
                message: "item 1 of field 'items' (重点任务) must be a mapping of keys to values, not a single value; \(example)"),
        Refusal(text: "[{name: 理论学习}]", message: "item 1 of field 'items' (重点任务) lacks the required key 'owner'; \(example)"),
        Refusal(text: "[{nmae: 理论学习, owner: zhang.wei}]",
                message: "unknown key 'nmae' in item 1 of field 'items' (重点任务); did you mean 'name'?"),
        Refusal(text: "[{name: 理论学习, owner: zhang.wei}] # 2026",
                message: "field 'items' (重点任务): the '#' at character 34 starts a comment, and the text after it would be lost; "
                    + "put text that holds ' #' in quotes, e.g. ['Priority #1']"),
        Refusal(text: "- name: 理论学习 #1\n  owner: zhang.wei",
                message: "field 'items' (重点任务): the '#' at line 1, column 14 starts a comment, and the text after it would be lost; "
                    + "put text that holds ' #' in quotes, e.g. ['Priority #1']"),
    ]

    @Test("a list that does not read says which field and what to write, in no parser's words", arguments: listRefusals)
    func listRefused(_ c: Refusal) {
        let text = message(c.text, Self.items)
        #expect(text == c.message)
        for jargon in ["libyaml", "mapping values are not allowed", "in this context", "scanning", "flow sequence"] {
            #expect(text?.contains(jargon) == false, "\(jargon)")
        }
    }

    @Test("an object given as bare 'key: value' pairs is shown the braces")
    func objectRefused() {
        let owner = Self.field("owner", .object([Self.field("name", .string, label: "姓名"), Self.field("who", .person),
                                                 Self.field("level", .enumeration(["高", "低: 次要"]))]), label: "负责人")
        #expect(message("name: 张伟, who: zhang.wei", owner)
            == "field 'owner' (负责人) is an object; write it like {name: 姓名, who: zhang.wei, level: 高} (what was given does not read "
                + "as one: at character 14, a ': ' cannot appear here; put a value that contains ': ' in quotes, or check the indentation of this line)")
        #expect(message("张伟", owner) == "field 'owner' (负责人) is an object; write it like {name: 姓名, who: zhang.wei, level: 高}")
    }
}
