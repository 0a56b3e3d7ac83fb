import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A pool of connections to one PostgreSQL database (postgres-nio's `PostgresClient`, run in a
/// task of its own), counting round trips: every `query` is one.
public final class Database: Sendable {
    public let url: DatabaseURL
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    private let trips = Atomic<Int>(0)

    /// Connects (and checks the connection with one query). Errors name the URL without its password.
    /// `timeout`: seconds to wait for the first answer (the pool retries refused connections until then).
    public init(url: DatabaseURL, connections: Int = 4, timeout: Double = 10) async throws {
        self.url = url
        var logger = Logger(label: "kabar.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, connections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
        let quiet = logger
        do {
            _ = try await withTimeout(seconds: timeout) {
                try await client.query("SELECT 1", logger: quiet).collect()
            }
        } catch {
            runTask.cancel()
            throw DatabaseURL.Failure(description: "cannot connect to \(url.redacted): \(Self.describe(error))")
        }
    }

    deinit { runTask.cancel() }

    public func close() { runTask.cancel() }

    /// Round trips made so far.
    public var roundTrips: Int { trips.load(ordering: .relaxed) }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        trips.add(1, ordering: .relaxed)
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw DatabaseURL.Failure(description: "\(url.redacted): \(Self.describe(error))")
        }
    }

    /// Runs `body` on one connection held for its duration (session state such as advisory locks).
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { try await body($0) }
    }

    func query(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        trips.add(1, ordering: .relaxed)
        do {
            return try await connection.query(query, logger: logger).collect()
        } catch {
            throw DatabaseURL.Failure(description: "\(url.redacted): \(Self.describe(error))")
        }
    }

    /// The server's message for a query error, else the error itself.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return String(reflecting: e.code) + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }
}

func withTimeout<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            throw DatabaseURL.Failure(description: "no answer within \(Int(seconds)) s")
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
