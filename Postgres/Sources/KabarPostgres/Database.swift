import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A pool of connections to one PostgreSQL database (postgres-nio's `PostgresClient`, run in a
/// task of its own), counting round trips: every `query` is one.
///
/// The database may go away for a while (a restart, a failover): `query` then waits and runs
/// the statement again once the database answers, with backoff (0.1 s doubling up to 5 s),
/// for up to `reconnectSeconds`; `log` says once when it went away and when it came back.
/// Statements that must not run twice use `queryOnce`, which throws `Unavailable`, and check
/// themselves whether they committed (a store group's token, a lease's token).
public final class Database: Sendable {
    public let url: DatabaseURL
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    private let trips = Atomic<Int>(0)
    /// Seconds a statement waits for the database to come back before it fails.
    public let reconnectSeconds: Double
    private let log: @Sendable (String) -> Void
    /// When the current outage began (nil: the database answers), and outages so far.
    private let outage = Mutex<Date?>(nil)
    private let outageCount = Atomic<Int>(0)

    /// The database did not answer: the connection was refused or lost, or the server is
    /// shutting down or starting up. The statement may or may not have committed.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Connects (and checks the connection with one query). Errors name the URL without its password.
    /// `timeout`: seconds to wait for the first answer (the pool retries refused connections until then).
    /// A server that answers but refuses the connection (password, no such role or database,
    /// no TLS) fails at once with its reason; a server not answering (not running, unreachable,
    /// dropping packets) is waited for until `timeout` in all, then named with why it did not
    /// answer (what the first connection attempt met), without a second attempt. When that first
    /// connection opens but the pool's do not answer in time, the error names the host and port
    /// and what the pool's connections met (`PoolFailures`).
    public init(url: DatabaseURL, connections: Int = 4, timeout: Double = 10, reconnectSeconds: Double = 120,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("kabar-postgres: \($0)\n".utf8)) }) async throws {
        self.url = url
        self.reconnectSeconds = reconnectSeconds
        self.log = log
        var logger = Logger(label: "kabar.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, connections)
        // The pool's connection failures are heard while this waits (a reason for a timeout).
        let poolFailures = PoolFailures()
        defer { poolFailures.stop() }
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolFailures.logger)
        self.client = client
        runTask = Task { await client.run() }
        let quiet = logger
        let started = Date()
        var unanswered: Error?
        do {
            // postgres-nio's pool retries a connection the server refused (a wrong password)
            // as it retries one nothing accepted, so the reason is learnt on a connection of its own.
            // Its wait counts in `timeout`: the pool has what is left.
            if let failed = await Self.connectionError(url, timeout: timeout, logger: logger) {
                guard Self.unavailable(failed) else { throw failed }
                unanswered = failed
            }
            let left = max(0.1, timeout - Date().timeIntervalSince(started))
            _ = try await withTimeout(seconds: left, saying: "no answer within \(Self.seconds(timeout)) s") {
                try await client.query("SELECT 1", logger: quiet).collect()
            }
        } catch {
            runTask.cancel()
            var why = Self.describe(error) + Self.hint(for: error, url: url)
            if error is DatabaseURL.Failure, let reason = unanswered {
                why += ": \(Self.describe(reason)) (is PostgreSQL running there, listening on \(url.host) port \(url.port)?)"
            } else if error is DatabaseURL.Failure {
                // The first connection opened, so the pool's connections met something else.
                why += ": a first connection to \(url.host) port \(url.port) opened, then the pool's connections "
                    + (poolFailures.lastFailure.map { "failed: \($0)" } ?? "got no answer and reported no error")
            }
            throw DatabaseURL.Failure(description: "cannot connect to \(url.redacted): \(why)")
        }
    }

    /// Why one connection to `url` fails, or nil when it opens (it is closed at once).
    static func connectionError(_ url: DatabaseURL, timeout: Double, logger: Logger) async -> Error? {
        do {
            var configuration = try url.connectionConfiguration()
            configuration.options.connectTimeout = .milliseconds(Int64(max(0.1, min(timeout, 5)) * 1000))
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
            return nil
        } catch {
            return error
        }
    }

    /// What to do about a connection the server refused with a reason that names the URL's
    /// user, password or database (its SQLSTATE), else "".
    static func hint(for error: Error, url: DatabaseURL) -> String {
        guard let info = (error as? PSQLError)?.serverInfo, let state = info[.sqlState] else { return "" }
        switch state {
        case "28P01":   // invalid_password (also said for a role that does not exist)
            return "; check the user name and password in the URL (a role is made with psql: CREATE ROLE \(url.user) LOGIN PASSWORD '...')"
        case "28000" where info[.message]?.hasPrefix("role ") == true && info[.message]?.hasSuffix(" does not exist") == true:
            return "; make it (psql: CREATE ROLE \(url.user) LOGIN PASSWORD '...') or name one that exists"
        case "3D000":   // invalid_catalog_name: no such database
            return "; make it (psql: CREATE DATABASE \(url.database) OWNER \(url.user)) or name one that exists"
        default:
            return ""
        }
    }

    /// `seconds` as a message says it: whole seconds without a fraction ("10"), else one decimal ("0.5").
    static func seconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    deinit { runTask.cancel() }

    public func close() { runTask.cancel() }

    /// Round trips made so far.
    public var roundTrips: Int { trips.load(ordering: .relaxed) }

    /// Times the database went away and came back (or is away now).
    public var outages: Int { outageCount.load(ordering: .relaxed) }

    /// Runs one statement and returns its rows, waiting for the database while it is unavailable.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await queryRetried(query).rows
    }

    /// `query`, and whether the statement was sent more than once (it may have committed before
    /// its reply was lost).
    func queryRetried(_ query: PostgresQuery) async throws -> (rows: [PostgresRow], retried: Bool) {
        var delay = 0.1, retried = false
        let started = Date()
        while true {
            do {
                let rows = try await queryOnce(query)
                return (rows, retried)
            } catch let error as Unavailable {
                if Date().timeIntervalSince(started) > reconnectSeconds {
                    throw DatabaseURL.Failure(description: "\(url.redacted): no answer for \(Int(reconnectSeconds)) s: \(error)")
                }
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                delay = min(delay * 2, 5)
                retried = true
            }
        }
    }

    /// Runs one statement once: `Unavailable` when the database did not answer, else its
    /// rows or its error.
    @discardableResult
    func queryOnce(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await once { try await self.client.query(query, logger: self.logger).collect() }
    }

    /// `queryOnce` for a prepared statement: prepared once per pooled connection (postgres-nio
    /// keeps it by name), then only bound and run, so the server does not parse, analyse and
    /// plan the statement's text at every call.
    func executeOnce<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        try await once {
            var rows: [Statement.Row] = []
            for try await row in try await self.client.execute(statement, logger: self.logger) { rows.append(row) }
            return rows
        }
    }

    /// One round trip: `Unavailable` when the database did not answer, else its result or error.
    private func once<T>(_ body: () async throws -> T) async throws -> T {
        trips.add(1, ordering: .relaxed)
        do {
            let rows = try await body()
            let ended = outage.withLock { began -> Date? in defer { began = nil }; return began }
            if let ended { log("\(url.redacted): the database answers again after \(String(format: "%.1f", Date().timeIntervalSince(ended))) s; resuming") }
            return rows
        } catch {
            guard Self.unavailable(error) else { throw DatabaseURL.Failure(description: "\(url.redacted): \(Self.describe(error))") }
            let first = outage.withLock { began -> Bool in
                guard began == nil else { return false }
                began = Date()
                return true
            }
            if first {
                outageCount.add(1, ordering: .relaxed)
                log("\(url.redacted): the database is unavailable (\(Self.describe(error))); waiting for it, reconnecting with backoff for up to \(Int(reconnectSeconds)) s")
            }
            throw Unavailable(description: "\(url.redacted): \(Self.describe(error))")
        }
    }

    /// Whether an error means the database did not answer (worth waiting for), not that it
    /// refused the statement: a connection refused, lost or closed by the server, the pool
    /// unable to connect, or SQLSTATE class 08 (connection exception) or 57P01-57P03 (the
    /// server shutting down, crashed or starting up).
    static func unavailable(_ error: Error) -> Bool {
        if error is CancellationError { return false }
        guard let e = error as? PSQLError else {
            // The pool's own errors (it could not connect) and NIO's channel errors.
            return !(error is DatabaseURL.Failure)
        }
        switch e.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown: return true
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default: return false
        }
    }

    /// Runs `body` on one connection held for its duration (session state such as advisory locks).
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { try await body($0) }
    }

    /// Runs one statement on a held connection. It ends when answered or when the connection
    /// closes, whichever comes first: postgres-nio writes a statement to a closed channel
    /// without ever answering it (the write's failure is dropped), so a statement sent on a
    /// connection that a restart closed (or that closes while it is being sent) would wait
    /// forever. A connection already closed is refused before anything is sent.
    func query(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        let closed = DatabaseURL.Failure(description: "\(url.redacted): the connection was closed (the database restarted or the network dropped)")
        guard !connection.isClosed else { throw closed }
        trips.add(1, ordering: .relaxed)
        let logger = logger
        do {
            return try await Self.answeredOrClosed(connection, closed) {
                try await connection.query(query, logger: logger).collect()
            }
        } catch let error as DatabaseURL.Failure {
            throw error
        } catch {
            throw DatabaseURL.Failure(description: "\(url.redacted): \(Self.describe(error))")
        }
    }

    /// `body`'s result, or `closed` thrown once `connection` closes first (`body` is then left
    /// waiting for an answer that does not come).
    static func answeredOrClosed<T: Sendable>(_ connection: PostgresConnection, _ closed: Error,
                                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let once = ResumeOnce(continuation)
            Task { once.resume(with: await Result(catching: body)) }
            connection.closeFuture.whenComplete { _ in once.resume(with: .failure(closed)) }
        }
    }

    /// The server's message for a query error, else the error itself.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            switch e.code {
            case .authMechanismRequiresPassword: return "the server asks for a password and the URL has none (postgres://user:PASSWORD@host:port/database)"
            case .sslUnsupported: return "the server does not accept TLS connections (sslmode=require)"
            case .connectionError:
                if case .connectTimeout(let wait)? = e.underlying as? ChannelError {
                    return "no reply to a connection attempt within \(seconds(Double(wait.nanoseconds) / 1e9)) s (the host is down, or packets to it are dropped)"
                }
                if let c = e.underlying as? NIOConnectionError {
                    // NIO's own text lists every address tried in its own terms.
                    if c.dnsAError != nil || c.dnsAAAAError != nil, c.connectionErrors.isEmpty { return "unknown host \(c.host)" }
                    if let io = c.connectionErrors.first?.error as? IOError { return String(cString: strerror(io.errnoCode)) }
                }
                if let underlying = e.underlying { return "\(underlying)" }
            default: break
            }
            return String(reflecting: e.code) + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }
}

/// `body`'s result, or `DatabaseURL.Failure` after `seconds` saying `description` (default "no answer within N s").
func withTimeout<T: Sendable>(seconds: Double, saying description: String? = nil,
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            throw DatabaseURL.Failure(description: description ?? "no answer within \(Database.seconds(seconds)) s")
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}

extension Database {
    /// Entries queued over all schedules.
    public func queuedTotal() async throws -> Int {
        let rows = try await query("SELECT count(*) FROM kabar_queue")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
}

/// A continuation resumed by whichever of several callers comes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Error>?>
    init(_ continuation: CheckedContinuation<T, Error>) { self.continuation = Mutex(continuation) }
    func resume(with result: Result<T, Error>) {
        continuation.withLock { c in defer { c = nil }; return c }?.resume(with: result)
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
