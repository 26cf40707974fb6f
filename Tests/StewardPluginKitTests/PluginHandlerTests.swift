import StewardPluginKit
import Testing

/// A handler written with the kit answers a request with the frames protocol v1 names.
@Suite("plug-in handler")
struct PluginHandlerTests {
    static let info = PluginInfo(name: "echo", version: "2.1.0", summary: "says back what it got", idempotent: true,
                                 timeout: .milliseconds(1500))

    static let echo = PluginHandler(info) { call in
        call.log("called for \(call.instance)", level: .warn)
        if call.argument("fail") != nil {
            throw PluginFailure(kind: "rate-limited", message: "too many calls", retryable: true)
        }
        if call.argument("crash") != nil {
            struct Unexpected: Error {}
            throw Unexpected()
        }
        return ["document": .string(try call.text("document")), "attempt": .integer(call.attempt),
                "work": .string(call.places.work ?? "")]
    }

    static let request = #"{"steward":1,"type":"invoke","key":"i1/s/0/1/3","operation_key":"i1/s/0/3","attempt":2,"#
        + #""instance":"i1","workflow":"plan","state":"s","timeout_ms":500,"with":{"document":"会议纪要"},"#
        + #""places":{"work":"/w"},"new_field":"ignored"}"#

    @Test("the request is decoded, fields it does not know are ignored")
    func decode() throws {
        let call = try PluginCall(request: try PluginValue(json: Self.request))
        #expect(call.key == "i1/s/0/1/3")
        #expect(call.operationKey == "i1/s/0/3")
        #expect(call.attempt == 2)
        #expect([call.instance, call.workflow, call.state] == ["i1", "plan", "s"])
        #expect(call.with == ["document": "会议纪要"])
        #expect(call.places.work == "/w")
        #expect(call.places.outbox == nil)
        let left = try #require(call.deadline).duration(to: .now)
        #expect(left < .zero && left > .milliseconds(-500))
    }

    @Test("a request without its keys fails with kind protocol")
    func malformed() {
        #expect(throws: PluginFailure(kind: "protocol", message: "the request has no whole number 'attempt'", retryable: false)) {
            try PluginCall(request: ["key": "k", "operation_key": "o", "instance": "i", "workflow": "w", "state": "s"])
        }
    }

    @Test("frames: hello, the log lines, one result")
    func frames() async throws {
        let text = await Self.echo.frames(for: Self.request)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(text.hasSuffix("\n"))
        #expect(lines == [
            #"{"type":"hello","protocol":1,"name":"echo","version":"2.1.0"}"#,
            #"{"type":"log","level":"warn","message":"called for i1"}"#,
            #"{"type":"result","ok":true,"output":{"document":"会议纪要","attempt":2,"work":"/w"}}"#,
        ])
        #expect(try lines.map(PluginFrame.init(line:)) == [
            .hello(protocol: 1, name: "echo", version: "2.1.0"), .log(.warn, "called for i1"),
            .result(.success(["document": "会议纪要", "attempt": 2, "work": "/w"])),
        ])
    }

    @Test("a thrown PluginFailure is the error result; any other error is kind handler; a missing input is bad-input")
    func failures() async {
        func result(_ with: PluginObject) async -> PluginFrame {
            await Self.echo.result(for: PluginCall(with: with))
        }
        #expect(await result(["fail": true]) == .result(.failure(PluginFailure(kind: "rate-limited", message: "too many calls"))))
        guard case .result(.failure(let crash)) = await result(["crash": true]) else {
            Issue.record("an unexpected error was not a failure")
            return
        }
        #expect(crash.kind == "handler" && crash.retryable)
        #expect(await result([:]) == .result(.failure(PluginFailure(kind: "bad-input", message: "'document' is missing",
                                                                      retryable: false))))
        #expect(await result(["document": 3]) == .result(.failure(.badInput("'document' must be text"))))
    }

    @Test("the manifest a library returns holds the plug-in's facts")
    func manifest() {
        let info = PluginInfo(name: "echo", version: "2.1.0", summary: "s", inputs: [PluginInput("to", "recipients", required: true)],
                              errors: ["rate-limited"], idempotent: false, timeout: .milliseconds(1500))
        #expect(info.manifest.json == #"{"abi":1,"protocol":1,"name":"echo","version":"2.1.0","summary":"s","#
            + #""inputs":[{"name":"to","type":"recipients","required":true,"secret":false,"summary":""}],"outputs":[],"#
            + #""errors":["rate-limited"],"idempotent":false,"timeout_ms":1500}"#)
    }

    @Test("frames that break the protocol are refused with the reason", arguments: [
        (#"{"type":"hello","protocol":"1","name":"a","version":"1"}"#, "'protocol'"),
        (#"{"type":"log","level":"debug","message":"m"}"#, "'level'"),
        (#"{"type":"result","ok":false,"error":{"kind":"Bad Kind","message":"m"}}"#, "'kind'"),
        (#"{"type":"result","ok":true,"output":[1]}"#, "'output'"),
        (#"{"type":"result"}"#, "'ok'"),
        ("[]", "not a JSON object"),
        ("progress 40%", "is not JSON"),
    ])
    func badFrames(line: String, reason: String) {
        #expect {
            try PluginFrame(line: line)
        } throws: { error in
            (error as? PluginFrameError)?.description.contains(reason) == true
        }
    }

    @Test("a frame of a type this version does not know is read as other")
    func otherFrame() throws {
        #expect(try PluginFrame(line: #"{"type":"progress","percent":40}"#) == .other(type: "progress"))
    }
}
