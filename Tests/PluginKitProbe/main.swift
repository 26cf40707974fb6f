import StewardPluginKit

// A process plug-in for the kit's tests: it prints to its standard output (which the kit
// must send to stderr, away from the frames) and logs before and after a pause.
let probe = PluginHandler(PluginInfo(name: "probe", version: "0.1.0", summary: "prints and logs", idempotent: true)) { call in
    print("printed, not a frame")
    call.log("before")
    try await Task.sleep(for: .milliseconds(call.argument("pause_ms")?.integer ?? 0))
    call.log("after")
    return ["with": .object(call.with)]
}

await ProcessPlugin.main(probe)
