import StewardModel
import StewardYAML
import Testing

/// Reading the roster: people, roles and their members, with every problem reported.
@Suite("roster loading")
struct RosterTests {
    func load(_ text: String) -> (roster: Roster?, findings: [String], diagnostics: [(message: String, suggestion: String?)]) {
        let (roster, found) = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array(text.utf8)))
        let diagnostics = found.sorted()
        let findings = diagnostics.map { d in d.location.map { "\(d.code)@\($0.line):\($0.column)" } ?? d.code }
        return (roster, findings, diagnostics.map { ($0.message, $0.suggestion) })
    }

    @Test("a good roster: people, roles, members and admins")
    func good() throws {
        let result = load("""
            people:
              li.ming:   { name: 李明, account: liming, email: li.ming@example.org }
              zhang.wei: { name: 张伟, account: zhangwei, phone: "13800000000" }
              sun.hong:  { name: 孙红 }
            roles:
              union-office:     { title: 工会办公室, members: [li.ming] }
              union-committee:  { title: 工会委员会, members: [zhang.wei, li.ming] }
              branch-secretary: { title: 支部书记, members: sun.hong }
            admins: [sun.hong]

            """)
        #expect(result.findings.isEmpty)
        let roster = try #require(result.roster)
        #expect(roster.people.count == 3)
        #expect(roster.people["li.ming"]?.name == "李明")
        #expect(roster.people["li.ming"]?.email == "li.ming@example.org")
        #expect(roster.people["zhang.wei"]?.phone == "13800000000")
        #expect(roster.people["li.ming"]?.location?.line == 2)
        #expect(roster.roles["union-committee"]?.members == ["zhang.wei", "li.ming"])
        #expect(roster.roles["branch-secretary"]?.members == ["sun.hong"])
        #expect(roster.roles["union-office"]?.title == "工会办公室")
        #expect(roster.admins == ["sun.hong"])
        #expect(roster.isMember("li.ming", of: "union-committee"))
        #expect(!roster.isMember("sun.hong", of: "union-committee"))
        #expect(!roster.isMember("li.ming", of: "no-such-role"))
    }

    @Test("an email that is no mail address or a phone with letters is a finding at its value")
    func contacts() {
        let result = load("""
            people:
              li.ming:   { email: "li.ming <li@example.org>", phone: 138-0000-0000 }
              zhang.wei: { email: zhang.wei@example, phone: "call me" }
              sun.hong:  { email: sun.hong@example.org, phone: "+86 10 1234 5678" }

            """)
        #expect(result.findings == ["bad-value@2:23", "bad-value@3:23", "bad-value@3:49"])
        #expect(result.diagnostics.first?.message == "'li.ming <li@example.org>' (email of person 'li.ming') is not a mail address")
        #expect(result.roster?.people.count == 3, "the roster still loads; commands that decide refuse it")
    }

    @Test("members and admins who are not people of the roster, with suggestions")
    func unknownMembers() {
        let result = load("""
            people:
              li.ming: { name: 李明 }
              zhang.wei: { name: 张伟 }
            roles:
              union-office: { members: [li.mign, zhang.wei] }
            admins: [sun.hong]

            """)
        #expect(result.findings == ["unknown-person@5:29", "unknown-person@6:10"])
        #expect(result.diagnostics[0].message == "'li.mign' in role 'union-office' is not a person of the roster")
        #expect(result.diagnostics[0].suggestion == "did you mean 'li.ming'?")
        #expect(result.diagnostics[1].message == "admin 'sun.hong' is not a person of the roster")
        #expect(result.roster?.roles["union-office"]?.members == ["li.mign", "zhang.wei"])
    }

    @Test("ids of people and roles must be lower-case words")
    func badIDs() {
        let result = load("""
            people:
              Li Ming: { name: 李明 }
              李明: { name: 李明 }
              zhang.wei: { name: 张伟 }
            roles:
              Union_Office: { members: [zhang.wei] }

            """)
        #expect(result.findings == ["bad-id@2:3", "bad-id@3:3", "bad-id@6:3"])
        #expect(result.diagnostics[0].message
            == "'Li Ming' is not a valid person id; use lower-case letters, digits, '.', '_' and '-'")
        #expect(result.diagnostics[2].message.contains("valid role id"))
        // The entries are still read, so that workflows can be checked against them in the same run.
        #expect(result.roster?.people.count == 3)
    }

    @Test("unknown keys and missing 'people'")
    func shape() {
        let misspelt = load("""
            people:
              li.ming: { nmae: 李明 }
            role:
              union-office: { members: [li.ming] }

            """)
        #expect(misspelt.findings == ["unknown-key@2:14", "unknown-key@3:1"])
        #expect(misspelt.diagnostics.map(\.suggestion) == ["did you mean 'name'?", "did you mean 'roles'?"])
        let empty = load("roles: {}\n")
        #expect(empty.findings == ["missing-key@1:1"])
    }

    @Test("a roster that is not YAML gives the YAML finding and no roster")
    func notYAML() {
        let result = load("people: [\n")
        #expect(result.roster == nil)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.hasPrefix("yaml-") == true)
    }

    @Test("two people with one account: a warning at the second, naming the first; the roster still loads")
    func sharedAccount() throws {
        let result = load("""
            people:
              li.ming:   { name: 李明, account: liming }
              zhang.wei: { name: 张伟, account: liming }
              chen.jing: { name: 陈静, account: chenjing }
              zhao.lei:  { name: 赵磊 }
              sun.hong:  { name: 孙红 }

            """)
        #expect(result.findings == ["shared-account@3:3"])
        #expect(result.diagnostics.first?.message.contains("'zhang.wei' has the account 'liming' of 'li.ming'") == true)
        #expect(result.roster?.people.count == 5)
    }
}
