/// The options every benchmark accepts, parsed by hand from the command line.
struct BenchOptions: Sendable {
    /// Size of the generated input, in MB (10^6 bytes).
    var sizeMB: Int
    /// How many times each measurement runs; the best time is kept.
    var repetitions: Int
    /// The benchmark's main count (instances, entries, runs), when it has one; nil keeps its default.
    var count: Int? = nil

    enum Problem: Error, CustomStringConvertible {
        case help
        case unknown(String)
        case missingValue(String)
        case badValue(option: String, value: String)

        var description: String {
            switch self {
            case .help: "help requested"
            case .unknown(let arg): "unknown argument '\(arg)'"
            case .missingValue(let option): "\(option) needs a value"
            case let .badValue(option, value): "\(option) needs a positive whole number, not '\(value)'"
            }
        }
    }

    /// Reads `--size-mb N`, `--repeat N`, `--count N` (also `--opt=N`) and `--help`; anything else is a problem.
    static func parse(_ arguments: [String], defaults: BenchOptions) -> Result<BenchOptions, Problem> {
        var options = defaults
        var index = 0
        while index < arguments.count {
            var option = arguments[index]
            var value: String?
            if let equals = option.firstIndex(of: "=") {
                value = String(option[option.index(after: equals)...])
                option = String(option[..<equals])
            }
            index += 1
            switch option {
            case "--help", "-h":
                return .failure(.help)
            case "--size-mb", "--repeat", "--count":
                if value == nil {
                    guard index < arguments.count else { return .failure(.missingValue(option)) }
                    value = arguments[index]
                    index += 1
                }
                guard let text = value, let number = Int(text), number > 0 else {
                    return .failure(.badValue(option: option, value: value ?? ""))
                }
                switch option {
                case "--size-mb": options.sizeMB = number
                case "--count": options.count = number
                default: options.repetitions = number
                }
            default:
                return .failure(.unknown(arguments[index - 1]))
            }
        }
        return .success(options)
    }
}
