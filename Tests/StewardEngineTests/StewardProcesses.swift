import StewardTestSupport
import Testing

/// The tests that run many `steward` processes against real stores. They run one at a time:
/// on a small machine, overlapping them would only measure the scheduler.
@Suite("steward processes", .serialized)
enum StewardProcesses {}
