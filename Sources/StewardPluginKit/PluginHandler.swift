/// A plug-in's one handler: its manifest facts and the code that answers a call. The same
/// value is run as a program (`ProcessPlugin.main`) or exported from a shared library
/// (`PluginExports`), so one source builds both tiers.
///
/// ```swift
/// let signOff = PluginHandler(PluginInfo(name: "sign-off", version: "1.0.0", summary: "…", idempotent: true)) { call in
///     let title = try call.text("title")
///     call.log("checking \(title)")
///     return ["complete": true]
/// }
/// ```
public struct PluginHandler: Sendable {
    public let info: PluginInfo
    private let body: @Sendable (PluginCall) async throws -> PluginObject

    /// `body` returns the call's output, or throws a `PluginFailure` (any other error fails
    /// the call with kind `handler`).
    public init(_ info: PluginInfo, _ body: @escaping @Sendable (PluginCall) async throws -> PluginObject) {
        self.info = info
        self.body = body
    }

    /// The hello frame this plug-in starts with.
    public var hello: PluginFrame {
        .hello(protocol: PluginFrame.protocolVersion, name: info.name, version: info.version)
    }

    /// Answers one request line: the result frame (log lines go to the logger).
    public func result(for request: String, logger: PluginLogger) async -> PluginFrame {
        let call: PluginCall
        do {
            call = try PluginCall(request: try PluginValue(json: request), logger: logger)
        } catch let failure as PluginFailure {
            return .result(.failure(failure))
        } catch {
            return .result(.failure(PluginFailure(kind: "protocol", message: "the request is not JSON: \(error)",
                                                  retryable: false)))
        }
        return await result(for: call)
    }

    /// Runs the handler on a call: the result frame.
    public func result(for call: PluginCall) async -> PluginFrame {
        do {
            return .result(.success(try await body(call)))
        } catch let failure as PluginFailure {
            return .result(.failure(failure))
        } catch {
            return .result(.failure(PluginFailure(kind: "handler", message: "\(error)")))
        }
    }

    /// Answers one request with every frame, one per line, as a library returns them.
    public func frames(for request: String) async -> String {
        let logger = PluginLogger()
        let result = await result(for: request, logger: logger)
        var lines = [hello.json]
        lines += logger.lines.map { PluginFrame.log($0.level, $0.message).json }
        lines.append(result.json)
        return lines.joined(separator: "\n") + "\n"
    }
}
