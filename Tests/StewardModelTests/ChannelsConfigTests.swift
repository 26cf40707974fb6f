import StewardModel
import StewardYAML
import Testing

/// `channels:` in steward.yaml: the handlers that deliver `notify`'s messages.
@Suite struct ChannelsConfigTests {
    func load(_ lines: String) -> (ProjectConfig?, [String]) {
        let (config, diagnostics) = ProjectConfig.load(YAMLSource(path: "steward.yaml", bytes: Array(lines.utf8)))
        return (config, diagnostics.map { d in d.location.map { "\(d.code)@\($0.line):\($0.column)" } ?? d.code })
    }

    @Test("one name or a list; none by default")
    func read() {
        #expect(load("channels: mail-folder\n").0?.channels == ["mail-folder"])
        #expect(load("channels: [mail-folder, wechat-work]\n").0?.channels == ["mail-folder", "wechat-work"])
        #expect(load("store: s.db\n").0?.channels == [])
    }

    @Test("a name that is no handler name is a finding at it", arguments: [
        ("channels: [mail-folder, Mail Folder]\n", "bad-value@1:25"),
        ("channels: { mail: folder }\n", "wrong-type@1:11"),
    ])
    func findings(text: String, finding: String) {
        let (config, findings) = load(text)
        #expect(config == nil)
        #expect(findings == [finding])
    }
}
