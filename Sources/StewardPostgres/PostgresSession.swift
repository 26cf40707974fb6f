import Foundation
import NIOCore
import PostgresNIO
import StewardStore

/// One PostgreSQL connection as a store transaction's `SQLSession`.
///
/// Every call waits at most `deadline`: a server that stops answering must not hold a worker
/// (or the locks its transaction holds) for ever. A call that overran closes the connection,
/// so the transaction it was part of ends on the server too.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let deadline: TimeAmount
    private let logger: Logger
    /// Statements with their `?` parameters numbered `$n`, by the text the store wrote.
    private var translated: [String: String] = [:]
    private var lastChanges = 0
    /// True once the connection failed or overran: the store opens another.
    private(set) var isBroken = false

    init(connection: PostgresConnection, deadline: TimeAmount, logger: Logger) {
        self.connection = connection
        self.deadline = deadline
        self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    func withRows<T>(
        _ sql: String, _ values: [SQLValue], _ body: (any Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let result = try run(sql, values)
        return try body(PostgresRows(result.rows))
    }

    func change(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
        let result = try run(sql, values)
        return result.metadata.rows ?? 0
    }

    /// Runs `sql` (with `?` parameters) bound to `values`, and collects its rows.
    func run(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> PostgresQueryResult {
        let text: String
        if let known = translated[sql] {
            text = known
        } else {
            text = Self.numberParameters(sql)
            translated[sql] = text
        }
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .int(let number): bindings.append(number)
            case .text(let string): bindings.append(string)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .null: bindings.appendNull()
            }
        }
        return try wait(connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger))
    }

    /// Runs a script of statements without parameters (schema set-up, BEGIN, COMMIT), one at a
    /// time: the extended protocol takes one statement per query.
    func execute(_ script: String) throws(StoreError) {
        for statement in Self.statements(script) {
            _ = try wait(connection.query(PostgresQuery(unsafeSQL: statement), logger: logger))
        }
    }

    /// The first column of the first row of `sql`, as an integer; nil when there is no row.
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int64? {
        try withRows(sql, values) { rows throws(StoreError) in try rows.step() ? rows.int64(0) : nil }
    }

    /// The statements of `script`, split at semicolons outside quotes, dollar-quoted bodies and
    /// `--` comments (comments are dropped).
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inBody = false
        let characters = Array(script)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if !inBody, quote == nil, character == "-", next == "-" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if quote == nil, character == "$", next == "$" {
                inBody.toggle()
                current += "$$"
                index += 2
                continue
            }
            if !inBody, character == "'" || character == "\"" {
                if quote == character { quote = nil } else if quote == nil { quote = character }
            }
            if !inBody, quote == nil, character == ";" {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { statements.append(trimmed) }
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
        return statements
    }

    /// Waits for `future` at most `deadline`.
    func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws(StoreError) -> T {
        guard !isBroken else {
            throw StoreError(.io("connection"), "the connection to PostgreSQL was lost earlier in this transaction; retry")
        }
        let promise = future.eventLoop.makePromise(of: T.self)
        let timer = future.eventLoop.scheduleTask(in: deadline) {
            promise.fail(Overran())
        }
        future.cascade(to: promise)
        do {
            let value = try promise.futureResult.wait()
            timer.cancel()
            return value
        } catch is Overran {
            isBroken = true
            connection.closeNow()
            throw StoreError(.busy, "PostgreSQL did not answer within \(deadline.nanoseconds / 1_000_000_000) s; "
                + "the transaction was abandoned (nothing of it was kept unless it had already committed): retry")
        } catch {
            timer.cancel()
            let translated = PostgresErrors.translate(error)
            if translated.connectionLost { isBroken = true }
            throw translated.error
        }
    }

    private struct Overran: Error {}

    /// `sql` with each `?` numbered `$1`, `$2`, … and each `?N` written `$N`, and without the
    /// unary `+` the shared SQL puts before a column to steer SQLite's choice of index (PostgreSQL
    /// has no `+` for text, and plans by its own statistics); text inside quotes is kept.
    static func numberParameters(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var next = 1
        var quoted = false
        var characters = sql.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "'" { quoted.toggle() }
            if character == "+", !quoted, let before = out.last, before == " " || before == "(" || before == ",",
               let after = pending, after.isLetter {
                continue
            }
            guard character == "?", !quoted else {
                out.append(character)
                continue
            }
            var digits = ""
            while let digit = pending, digit.isASCII, digit.isNumber {
                digits.append(digit)
                pending = characters.next()
            }
            if digits.isEmpty {
                out += "$\(next)"
                next += 1
            } else {
                out += "$" + digits
                next = max(next, (Int(digits) ?? 0) + 1)
            }
        }
        return out
    }
}

extension PostgresConnection {
    /// Starts closing the connection, without waiting: a connection the server dropped may never
    /// finish closing, and a worker must not hang on it. The server ends any transaction it had
    /// open. The connection is kept until it is closed (postgres-nio requires that).
    func closeNow() {
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
