import StewardTestSupport
import Foundation
import StewardAudit
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// Checkpoints an insider cannot quietly replace: each names the one before it, a
    /// consistency proof shows a later one extends an earlier one, and tick writes them by
    /// itself into a folder outside the store when steward.yaml asks.
    @Suite("checkpoint chains, proofs and automatic checkpoints")
    struct CheckpointChainTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        func project(checkpoints: String? = nil) throws -> TestProject {
            let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
            if let checkpoints {
                let config = try String(contentsOf: project.configFile, encoding: .utf8)
                try (config + "checkpoints: \(checkpoints)\n").write(to: project.configFile, atomically: true, encoding: .utf8)
                try FileManager.default.createDirectory(at: project.root.appendingPathComponent("share"),
                                                        withIntermediateDirectories: true)
            }
            return project
        }

        func checkpoint(_ project: TestProject, _ name: String) throws -> Checkpoint {
            let made = try project.steward(["audit", "checkpoint", "--out", name])
            #expect(made.status == 0, "\(made)")
            return try Checkpoint(parsing: String(contentsOf: project.root.appendingPathComponent(name), encoding: .utf8))
        }

        @Test("each checkpoint names the previous one the store records; the first names the empty trail")
        func chain() throws {
            let project = try project()
            defer { project.remove() }
            try project.signOff(5, at: Self.now)
            let first = try checkpoint(project, "a.checkpoint")
            #expect(first.previous == CheckpointLink.emptyTrail)
            try project.signOff(3, at: Self.now)
            let second = try checkpoint(project, "b.checkpoint")
            #expect(second.treeSize == 16)
            #expect(second.previous == first.link)
            // A checkpoint file written before checkpoints named their previous one still verifies.
            var old = second
            old.previous = nil
            try old.serialized().write(to: project.root.appendingPathComponent("old.checkpoint"), atomically: true, encoding: .utf8)
            #expect(try old.serialized().hasPrefix(Checkpoint.header + "\n"))
            let verify = try project.steward(["audit", "verify", "--checkpoint", "old.checkpoint", "--checkpoint", "a.checkpoint"])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("OK: 16 entries, 2 checkpoints"), "\(verify)")
        }

        @Test("prove: a proof from the store or an export shows the later checkpoint extends the earlier; checked without the trail")
        func prove() throws {
            let project = try project()
            defer { project.remove() }
            try project.signOff(5, at: Self.now)
            _ = try checkpoint(project, "a.checkpoint")
            try project.signOff(6, at: Self.now)
            _ = try checkpoint(project, "b.checkpoint")
            let made = try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint", "--out", "p.proof"])
            #expect(made.status == 0, "\(made)")
            let proofText = try String(contentsOf: project.root.appendingPathComponent("p.proof"), encoding: .utf8)
            let proof = try ConsistencyProof(parsing: proofText)
            #expect(proof.old.treeSize == 10 && proof.new.treeSize == 22 && proof.isValid)
            #expect(try project.steward(["audit", "export", "--out", "trail.jsonl"]).status == 0)
            let fromFile = try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint",
                                                "--file", "trail.jsonl"])
            #expect(fromFile.status == 0, "\(fromFile)")
            #expect(fromFile.stdout == proofText, "the same proof on standard output")

            // The auditor holds the two checkpoints and the proof, not the trail.
            try project.remove(".steward")
            let checked = try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint", "--proof", "p.proof"])
            #expect(checked.status == 0, "\(checked)")
            #expect(checked.stdout.hasPrefix("OK: the checkpoint of"), "\(checked)")
            #expect(checked.stdout.contains("the later one names the earlier one as its previous checkpoint"), "\(checked)")

            var damaged = proof
            damaged.hashes[1] = MerkleTree.emptyRoot
            try damaged.text.write(to: project.root.appendingPathComponent("bad.proof"), atomically: true, encoding: .utf8)
            let bad = try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint", "--proof", "bad.proof"])
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stdout.contains("FAILED: the proof does not show"), "\(bad)")
            let swapped = try project.steward(["audit", "prove", "--from", "b.checkpoint", "--to", "a.checkpoint", "--proof", "p.proof"])
            #expect(swapped.status == 64, "\(swapped)")
        }

        @Test("prove refuses when the trail below the earlier checkpoint was rewritten, or a checkpoint was replaced")
        func proveFindsRewrites() throws {
            let project = try project()
            defer { project.remove() }
            try project.signOff(5, at: Self.now)
            let first = try checkpoint(project, "a.checkpoint")
            try project.signOff(5, at: Self.now)
            let second = try checkpoint(project, "b.checkpoint")
            #expect(try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint", "--out", "p.proof"]).status == 0)
            // A replaced earlier checkpoint (another root at its size) does not fit the later one's link nor the proof.
            var replaced = first
            replaced.rootHash = second.rootHash
            try replaced.serialized().write(to: project.root.appendingPathComponent("fake.checkpoint"), atomically: true, encoding: .utf8)
            let fake = try project.steward(["audit", "prove", "--from", "fake.checkpoint", "--to", "b.checkpoint", "--proof", "p.proof"])
            #expect(fake.status == 1, "\(fake)")
            #expect(fake.stdout.contains("they were not made from the same trail"), "\(fake)")
            #expect(try project.tamper("UPDATE trail SET person = 'eve' WHERE seq = 3;") == 0)
            let rewritten = try project.steward(["audit", "prove", "--from", "a.checkpoint", "--to", "b.checkpoint"])
            #expect(rewritten.status == 1, "\(rewritten)")
            #expect(rewritten.stdout.contains("FAILED: entry 3 was altered"), "\(rewritten)")
        }

        @Test("tick writes a checkpoint every N entries into the folder, then records it; not again without new entries")
        func everyN() throws {
            let project = try project(checkpoints: "{ every: 10, folder: share }")
            defer { project.remove() }
            try project.signOff(4, at: Self.now)
            let engine = try project.engine(at: Self.now)
            #expect(try engine.tick().checkpointFile == nil, "8 entries: not yet")
            try project.signOff(1, at: Self.now)
            let report = try engine.tick()
            #expect(report.checkpointFailure == nil)
            let file = try #require(report.checkpointFile)
            #expect(file.hasSuffix("share/trail-000000000010.checkpoint"))
            let written = try CheckpointFolder.read(file)
            #expect(written.previous == CheckpointLink.emptyTrail)
            let recorded = try engine.store.read { tx in try tx.checkpoints() }
            #expect(recorded.map(\.size) == [10])
            #expect(recorded.first?.root == written.rootHash)
            #expect(try engine.tick().checkpointFile == nil, "no new entries")
            try project.signOff(5, at: Self.now)
            let next = try #require(try engine.tick().checkpointFile)
            #expect(try CheckpointFolder.read(next).previous == written.link)
            let verify = try project.steward(["audit", "verify", "--checkpoint", "share"])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("anchored: the checkpoints given cover every entry (20)"), "\(verify)")
        }

        @Test("daily: the first tick of each office day that finds new entries writes one")
        func daily() throws {
            let project = try project(checkpoints: "{ daily: true, folder: share }")
            defer { project.remove() }
            try project.signOff(1, at: Self.now)
            #expect(try project.engine(at: Self.now).tick().checkpointFile != nil, "the first ever")
            try project.signOff(1, at: Self.now.plus(minutes: 60))
            #expect(try project.engine(at: Self.now.plus(minutes: 60)).tick().checkpointFile == nil, "the same day")
            // 23:30 in Shanghai is still the same office day; 00:10 the next is not.
            let lateEvening = Instant.at("2026-11-02T23:30:00+08:00")
            #expect(try project.engine(at: lateEvening).tick().checkpointFile == nil)
            let nextMorning = Instant.at("2026-11-03T00:10:00+08:00")
            #expect(try project.engine(at: nextMorning).tick().checkpointFile?.hasSuffix("trail-000000000004.checkpoint") == true)
        }

        @Test("a checkpoint that cannot be written is not recorded; tick says so and exits 5, its other work done")
        func notWrittenNotRecorded() throws {
            let project = try project(checkpoints: "{ every: 2, folder: share }")
            defer { project.remove() }
            try project.signOff(2, at: Self.now)
            // Something that is not a checkpoint file already has the name the checkpoint would take.
            try FileManager.default.createDirectory(at: project.root.appendingPathComponent("share/trail-000000000004.checkpoint"),
                                                    withIntermediateDirectories: true)
            let engine = try project.engine(at: Self.now)
            let report = try engine.tick()
            #expect(report.checkpointFile == nil)
            #expect(report.checkpointFailure != nil)
            #expect(try engine.store.read { tx in try tx.checkpoints() }.isEmpty)
            try project.remove("share")
            let tick = try project.steward(["tick"], now: Self.now)
            #expect(tick.status == 5, "\(tick)")
            #expect(tick.stderr.contains("does not exist or is not a folder"), "\(tick)")
            #expect(tick.stdout.hasPrefix("tick: "), "the tick itself ran: \(tick)")
            #expect(try engine.store.read { tx in try tx.checkpoints() }.isEmpty)
        }

        @Test("a file of the same size with another root is never overwritten: the trail was rewritten since")
        func differentRootInFolder() throws {
            let project = try project(checkpoints: "{ every: 2, folder: share }")
            defer { project.remove() }
            try project.signOff(2, at: Self.now)
            let foreign = Checkpoint(origin: "elsewhere", treeSize: 4, rootHash: MerkleTree.emptyRoot.hex, createdAt: 0,
                                     previous: CheckpointLink.emptyTrail)
            let path = project.root.appendingPathComponent("share/trail-000000000004.checkpoint")
            try foreign.serialized().write(to: path, atomically: true, encoding: .utf8)
            let report = try project.engine(at: Self.now).tick()
            #expect(report.checkpointFailure?.kind == .checkFailed)
            #expect(report.checkpointFailure?.message.contains("holds another root") == true, "\(String(describing: report.checkpointFailure))")
            #expect(try String(contentsOf: path, encoding: .utf8) == foreign.serialized())
        }
    }
}

extension TestProject {
    /// Removes `relative` (a file or folder) from the project folder.
    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }
}
