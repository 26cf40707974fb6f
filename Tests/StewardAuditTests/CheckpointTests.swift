import StewardAudit
import Testing

@Suite struct CheckpointTests {
    static let trail = TrailFixture.trail(count: 20)
    static let checkpoint = TrailFixture.checkpoint(trail, size: 20)

    @Test func textFormRoundTrips() throws {
        let text = try Self.checkpoint.serialized()
        #expect(text == """
            steward-trail-checkpoint v1
            test-store
            20
            \(Self.checkpoint.rootHash)
            1764100000000


            """)
        #expect(try Checkpoint(parsing: text) == Self.checkpoint)
    }

    @Test func signAndVerifyRoundTrip() throws {
        let signer = CheckpointSigner.generateKey()
        let signed = try signer.sign(Self.checkpoint)
        #expect(signed.keyID == signer.keyID)
        #expect(signer.keyID.count == 8)
        #expect(signer.publicKey.isValidSignature(on: signed))
        let text = try signed.serialized()
        #expect(text.hasSuffix("\n\u{2014} \(signer.keyID) \(signed.signature ?? "")\n"))
        let parsed = try Checkpoint(parsing: text)
        #expect(parsed == signed)
        #expect(signer.publicKey.isValidSignature(on: parsed))
        let report = TrailVerifier.verify(Self.trail, checkpoints: [parsed], trustedKey: signer.publicKey)
        #expect(report.isOK)
        #expect(report.checkpointsChecked == 1)
    }

    @Test func keyFileAndPublicKeyRoundTrip() throws {
        let signer = CheckpointSigner.generateKey()
        let reloaded = try CheckpointSigner(keyFileContents: signer.keyFileContents)
        #expect(reloaded.keyID == signer.keyID)
        let publicKey = try CheckpointPublicKey(base64: signer.publicKey.base64 + "\n")
        #expect(publicKey == signer.publicKey)
        #expect(publicKey.isValidSignature(on: try reloaded.sign(Self.checkpoint)))
        #expect(throws: CheckpointError.self) { try CheckpointSigner(keyFileContents: "not base64!") }
        #expect(throws: CheckpointError.self) { try CheckpointSigner(keyFileContents: "AAAA") }
        #expect(throws: CheckpointError.self) { try CheckpointPublicKey(base64: "AAAA") }
    }

    @Test func forgedSignatureIsRefused() throws {
        let signer = CheckpointSigner.generateKey()
        var forged = try signer.sign(Self.checkpoint)
        let signature = try #require(forged.signature)
        var bytes = Array(signature.utf8)
        bytes[10] = bytes[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        forged.signature = String(decoding: bytes, as: UTF8.self)
        #expect(!signer.publicKey.isValidSignature(on: forged))
        let report = TrailVerifier.verify(Self.trail, checkpoints: [forged], trustedKey: signer.publicKey)
        #expect(report.failure?.reason == .badSignature)
        #expect(report.failure?.message.contains("invalid signature") == true)
    }

    @Test func changedBodyIsRefused() throws {
        let signer = CheckpointSigner.generateKey()
        var moved = try signer.sign(Self.checkpoint)
        moved.treeSize = 19
        #expect(!signer.publicKey.isValidSignature(on: moved))
        var rerooted = try signer.sign(Self.checkpoint)
        rerooted.rootHash = MerkleTree.emptyRoot.hex
        #expect(!signer.publicKey.isValidSignature(on: rerooted))
    }

    @Test func differentKeyIsRefused() throws {
        let signer = CheckpointSigner.generateKey()
        let other = CheckpointSigner.generateKey()
        let signed = try other.sign(Self.checkpoint)
        #expect(!signer.publicKey.isValidSignature(on: signed))
        var relabelled = signed
        relabelled.keyID = signer.keyID
        #expect(!signer.publicKey.isValidSignature(on: relabelled))
        let report = TrailVerifier.verify(Self.trail, checkpoints: [signed], trustedKey: signer.publicKey)
        #expect(report.failure?.reason == .badSignature)
        #expect(report.failure?.message.contains("not by the trusted key \(signer.keyID)") == true)
    }

    @Test func unsignedCheckpointIsRefusedWhenAKeyIsTrusted() {
        let signer = CheckpointSigner.generateKey()
        let report = TrailVerifier.verify(Self.trail, checkpoints: [Self.checkpoint], trustedKey: signer.publicKey)
        #expect(report.failure?.reason == .badSignature)
        #expect(report.failure?.message.contains("is not signed") == true)
        #expect(TrailVerifier.verify(Self.trail, checkpoints: [Self.checkpoint]).isOK)
    }

    @Test("a version 2 checkpoint names its previous one, signed with the rest; version 1 still reads and verifies")
    func previousCheckpointIsNamedAndSigned() throws {
        var checkpoint = Self.checkpoint
        checkpoint.previous = TrailFixture.checkpoint(Self.trail, size: 12).link
        let signer = CheckpointSigner.generateKey()
        let signed = try signer.sign(checkpoint)
        let text = try signed.serialized()
        #expect(text.hasPrefix("""
            steward-trail-checkpoint v2
            test-store
            20
            \(Self.checkpoint.rootHash)
            1764100000000
            12
            \(TrailFixture.checkpoint(Self.trail, size: 12).rootHash)


            """))
        #expect(try Checkpoint(parsing: text) == signed)
        var moved = signed
        moved.previous?.treeSize = 11
        #expect(!signer.publicKey.isValidSignature(on: moved), "the link is signed")
        let old = try Checkpoint(parsing: try Self.checkpoint.serialized())
        #expect(old.previous == nil)
        #expect(TrailVerifier.verify(Self.trail, checkpoints: [old]).isOK)
    }

    @Test(arguments: [
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n\n", 7),
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n06\n\(String(repeating: "a", count: 64))\n\n", 6),
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n6\n\(String(repeating: "a", count: 64))\n\n", 6),
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n4\nzz\n\n", 7),
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n4\n\(String(repeating: "a", count: 64))\nx\n", 8),
        ("steward-trail-checkpoint v2\nx\n5\n\(String(repeating: "a", count: 64))\n5\n4\n\(String(repeating: "a", count: 64))\n\n- 1 2\n", 9),
    ])
    func malformedVersion2IsRejectedWithItsLine(text: String, line: Int) {
        do {
            _ = try Checkpoint(parsing: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test(arguments: [
        ("steward-trail-checkpoint v4\nx\n1\n\(String(repeating: "a", count: 64))\n5\n\n", 1),
        ("steward-trail-checkpoint v1\n\n1\n\(String(repeating: "a", count: 64))\n5\n\n", 2),
        ("steward-trail-checkpoint v1\nx\n01\n\(String(repeating: "a", count: 64))\n5\n\n", 3),
        ("steward-trail-checkpoint v1\nx\n-1\n\(String(repeating: "a", count: 64))\n5\n\n", 3),
        ("steward-trail-checkpoint v1\nx\n1\n\(String(repeating: "A", count: 64))\n5\n\n", 4),
        ("steward-trail-checkpoint v1\nx\n1\n\(String(repeating: "a", count: 64))\nsoon\n\n", 5),
        ("steward-trail-checkpoint v1\nx\n1\n\(String(repeating: "a", count: 64))\n5\nextra\n", 6),
        ("steward-trail-checkpoint v1\nx\n1\n\(String(repeating: "a", count: 64))\n5\n\n- 12345678 AAAA\n", 7),
        ("steward-trail-checkpoint v1\nx\n1\n\(String(repeating: "a", count: 64))\n5\n\n\u{2014} 1234 AAAA\n", 7),
        ("steward-trail-checkpoint v1\nx\n1\n", 4),
    ])
    func malformedTextIsRejectedWithItsLine(text: String, line: Int) {
        do {
            _ = try Checkpoint(parsing: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }
}
