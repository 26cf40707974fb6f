import SignOffHandler
import StewardPluginKit

// The process plug-in: one request on stdin, frames on stdout.
await ProcessPlugin.main(signOff)
