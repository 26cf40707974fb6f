import Foundation
import StewardTestSupport
import Testing

/// The auditor's report as a browser shows it: rendered by headless Chromium to a PNG, which
/// must show a page (not blank), the verdict's colour, and no text run off the page.
@Suite("report screenshot")
struct ReportScreenshotTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Chromium as Debian installs it (scripts/setup installs it; CI must have it).
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// CI sets STEWARD_REQUIRE_CHROMIUM=1: there a missing chromium fails the test instead of skipping it.
    static let required = ProcessInfo.processInfo.environment["STEWARD_REQUIRE_CHROMIUM"] == "1"

    /// Renders `html` and returns what `scripts/png-stats.py` measures of the screenshot.
    static func screenshot(_ html: URL, chromium: String) throws -> [String: Double] {
        let png = html.deletingPathExtension().appendingPathExtension("png")
        let profile = html.deletingLastPathComponent().appendingPathComponent("chromium-profile")
        let shot = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                      "--user-data-dir=\(profile.path)", "--window-size=1400,1800",
                                      "--screenshot=\(png.path)", html.absoluteString])
        try #require(shot.status == 0, "chromium failed")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int)
        #expect(size > 50_000, "a screenshot of a whole report is not a few bytes: \(size)")
        let stats = try run("/usr/bin/env", ["python3", repository.appendingPathComponent("scripts/png-stats.py").path, png.path])
        try #require(stats.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Double])
        return object
    }

    @Test("the report renders to a real page: text and tables on it, green when it verifies, red when tampered",
          .enabled(if: chromium != nil || required, "chromium is not installed: scripts/setup installs it, and CI requires it"))
    func rendered() throws {
        let chromium = try #require(Self.chromium, "STEWARD_REQUIRE_CHROMIUM=1 and no chromium: run scripts/setup")
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            #expect(try fixture.run(["audit", "report", "--instance", fixture.id, "--out", "ok.html"]).status == 0)
            let ok = try Self.screenshot(dir.appendingPathComponent("ok.html"), chromium: chromium)
            #expect(ok["width"] == 1400 && ok["height"] == 1800)
            #expect((ok["nonwhite"] ?? 0) > 0.05, "text and table lines cover the page: \(ok)")
            #expect((ok["colours"] ?? 0) > 200, "anti-aliased text has many shades: \(ok)")
            #expect((ok["green"] ?? 0) > 0.001 && (ok["red"] ?? 1) < 0.0005, "\(ok)")

            try fixture.tamper("UPDATE trail SET details = replace(details, '同意', '反对') WHERE seq = 4")
            #expect(try fixture.run(["audit", "report", "--instance", fixture.id, "--out", "bad.html"]).status == 1)
            let bad = try Self.screenshot(dir.appendingPathComponent("bad.html"), chromium: chromium)
            #expect((bad["red"] ?? 0) > 0.002, "a failed verification is shown in red, prominently: \(bad)")
        }
    }
}
