import StewardModel
import StewardYAML
import Testing

/// `checkpoints:` in steward.yaml: when tick and run write a checkpoint by themselves, and
/// where; each wrong value is a finding at its line and column.
@Suite struct CheckpointPolicyTests {
    func load(_ lines: String) -> (ProjectConfig?, [String]) {
        let (config, diagnostics) = ProjectConfig.load(YAMLSource(path: "steward.yaml", bytes: Array(lines.utf8)))
        return (config, diagnostics.map { d in d.location.map { "\(d.code)@\($0.line):\($0.column)" } ?? d.code })
    }

    @Test("every, daily and folder are read; without 'checkpoints' there is no policy")
    func read() {
        let (config, findings) = load("store: s.db\ncheckpoints: { every: 1000, daily: true, folder: /mnt/share/cp }\n")
        #expect(findings.isEmpty)
        #expect(config?.checkpoints == CheckpointPolicy(every: 1000, daily: true, folder: "/mnt/share/cp"))
        #expect(load("checkpoints:\n  daily: true\n  folder: cp\n").0?.checkpoints == CheckpointPolicy(daily: true, folder: "cp"))
        #expect(load("store: s.db\n").0?.checkpoints == nil)
    }

    @Test(arguments: [
        ("checkpoints: { every: 1000 entries, folder: cp }\n", "wrong-type@1:23"),
        ("checkpoints: { every: 0, folder: cp }\n", "bad-value@1:23"),
        ("checkpoints: { every: '5', folder: cp }\n", "wrong-type@1:23"),
        ("checkpoints: { daily: yes, folder: cp }\n", "wrong-type@1:23"),
        ("checkpoints: { every: 5 }\n", "missing-key@1:14"),
        ("checkpoints: { evry: 5, folder: cp }\n", "unknown-key@1:16"),
        ("checkpoints: { folder: cp }\n", "bad-value@1:14"),
        ("checkpoints: { daily: false, folder: cp }\n", "bad-value@1:14"),
        ("checkpoints: cp\n", "wrong-type@1:14"),
    ])
    func findings(text: String, finding: String) {
        let (config, findings) = load(text)
        #expect(config == nil)
        #expect(findings == [finding], "\(text)")
    }

    @Test("'every: 1000 entries' is told how to write it")
    func entriesSuffix() {
        let (_, diagnostics) = ProjectConfig.load(YAMLSource(path: "steward.yaml",
                                                             bytes: Array("checkpoints: { every: 1000 entries, folder: cp }\n".utf8)))
        #expect(diagnostics.first?.suggestion == "write 'every: 1000'")
    }
}
