import ArgumentParser
import Foundation
import KabarPostgres

/// `kabar-postgres bench store`: PostgreSQL's CPU per stored record as the database grows.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "PostgreSQL CPU per stored record at several database sizes (generated articles, no HTTP).",
        discussion: """
        Starts a PostgreSQL server of its own in a temporary folder. One database is filled with \
        generated articles (about 200 words each; 10 % exact and 5 % near duplicates planted) up to \
        each --records size in turn (not measured; then VACUUM ANALYZE and CHECKPOINT), and at each \
        size a run stores the next --measure records as a worker does: leased in batches \
        (--lease-batch), the next batch as the last is handed out (--lease-all-first: every \
        entry leased before any is stored, as the bench did before), stored from --concurrency \
        tasks (group commit forms the groups), each store completing its queue entry under its \
        lease token. Reports the CPU time of every PostgreSQL process over the run per stored record (/proc), round trips and records per store call, and \
        pg_stat_statements' execution time of the store and lease calls as a cross-check, and the WAL \
        written per stored record. See \
        docs/POSTGRES.md.
        """
    )

    @Option(help: "Records in the database before each measured run, comma-separated.")
    var records: String = "5000,20000,100000"

    @Option(help: "Records stored in each measured run.")
    var measure: Int = 5000

    @Option(help: "Concurrent stores, each waiting for its group to commit, so that a store call carries up to this many records (a worker hands its pages over and forms its own groups: 16-25 records a call on a loaded machine; 18 here gives calls of 16).")
    var concurrency: Int = 8

    @Option(name: .customLong("lease-batch"), help: "Entries per lease call.")
    var leaseBatch: Int = 32

    @Flag(help: "Also list the statements (inside the functions too) the last run's time went to (pg_stat_statements.track=all; adds its own cost to the CPU figures).")
    var statements = false

    @Flag(name: .customLong("custom-plans"), help: "Plan the store's statements at every call, as before schema migration 7 (a before/after comparison).")
    var customPlans = false

    @Flag(name: .customLong("before-11"), help: "Store as before schema migration 11: groups sent without waiting for the stores on their way, full queue pages, conflict-checked inserts (a before/after comparison).")
    var before11 = false

    @Flag(name: .customLong("before-12"), help: "Store as before schema migration 12: each stored record's fetch metadata a kabar_seen row of its own, not in its kabar_records row (a before/after comparison).")
    var before12 = false

    @Flag(name: .customLong("before-13"), help: "Store as before schema migration 13: the set-wise path's writes as seven statements, not one (a before/after comparison).")
    var before13 = false

    @Flag(name: .customLong("before-14"), help: "Store as before schema migration 14 (and its prepared store call): every write of a set-wise group part of one statement, the call sent as statement text (a before/after comparison).")
    var before14 = false

    @Flag(name: .customLong("before-15"), help: "Store as before schema migration 15: the band rows' index without their SimHash, so that the dedup probes visit each candidate's heap row (a before/after comparison; every --before-N flag implies it).")
    var before15 = false

    @Flag(name: .customLong("before-16"), help: "Store as before schema migration 16: no fields digest compared or kept, records decided on their text alone (a before/after comparison of the digest's cost).")
    var before16 = false

    @Flag(name: .customLong("unprepared-store"), help: "Call kabar_store_many as statement text, parsed and planned at every call, as before it was a prepared statement (a before/after comparison).")
    var unpreparedStore = false

    @Flag(name: .customLong("lease-all-first"), help: "Lease every entry of a run before storing any, as this bench did before it leased as a worker does (each lease then walks past the rows already leased).")
    var leaseAllFirst = false

    @OptionGroup var coalesce: CoalesceOptions

    @Flag(help: "Also measure the floor at each size, before the run: the same records kept the plainest way in copies of the tables (one multi-row INSERT and commit per group of 8; then with kabar_seen's upsert; then with the queue rows deleted; then with the SimHash bands as rows, or as indexed columns instead).")
    var floor = false

    @Option(name: .customLong("server-setting"), help: "A server setting (name=value) for the bench's PostgreSQL, after its own (fsync, full_page_writes and synchronous_commit off); repeatable.")
    var serverSettings: [String] = []

    func run() async throws {
        let sizes = records.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 >= 0 }
        guard !sizes.isEmpty else { throw ValidationError("--records: give sizes such as 20000,100000") }
        guard measure > 0 else { throw ValidationError("--measure must be at least 1") }
        let server: LocalPostgres
        do {
            server = try LocalPostgres(port: BenchWorkersCommand.freePort(), settings: [
                "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=\(statements ? "all" : "top")",
            ] + serverSettings)
        } catch {
            FileHandle.standardError.write(Data("kabar-postgres bench store: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { server.stop() }
        print("bench store: \(measure) records stored per run, concurrency \(concurrency), lease batch \(leaseBatch)\(customPlans ? ", store planned at every call (as before migration 7)" : "")\(before11 ? ", stored as before migration 11" : "")\(before12 ? ", stored as before migration 12" : "")\(before13 ? ", stored as before migration 13" : "")\(before14 ? ", stored as before migration 14" : "")\(before15 ? ", stored as before migration 15" : "")\(before16 ? ", stored as before migration 16" : "")\(unpreparedStore ? ", store call unprepared" : "")\(leaseAllFirst ? ", every entry leased first" : "")\(coalesce.isOn ? ", coalescing window \(coalesce.records) records or \(coalesce.coalesceMs) ms" : ""), PostgreSQL on 127.0.0.1:\(server.port)\(serverSettings.isEmpty ? "" : " with " + serverSettings.joined(separator: " "))")
        print("records in DB   stored  seconds  records/s  PostgreSQL CPU ms/record  round trips/record  records/store call  store exec ms/record  lease exec ms/record  WAL bytes/record  blocks read/record  most leased  autovacuums  outcomes  once")
        var bench = StoreBench(server: server, sizes: sizes, measure: measure, concurrency: concurrency, leaseBatch: leaseBatch, statements: true,
                               customPlans: customPlans, beforeMigration11: before11, beforeMigration12: before12, beforeMigration13: before13,
                               beforeMigration14: before14, beforeMigration15: before15, beforeMigration16: before16, unpreparedStore: unpreparedStore,
                               leaseAllFirst: leaseAllFirst)
        bench.coalesceRecords = coalesce.records
        bench.coalesceSeconds = coalesce.seconds
        try await bench.run(report: { r in
            let outcomes = r.outcomes.keys.sorted().map { "\($0) \(r.outcomes[$0]!)" }.joined(separator: ", ")
            print(String(format: "%13d  %7d  %7.2f  %9.1f  %24.3f  %18.2f  %18.1f  %19.3f  %20.3f  %16.0f  %18.2f  %11d  %11d  ",
                         r.before, r.stored, r.seconds, Double(r.stored) / max(r.seconds, 1e-9), r.msPerRecord, r.tripsPerRecord,
                         r.storeCalls > 0 ? Double(r.stored) / Double(r.storeCalls) : 0,
                         (r.storeExecMs ?? 0) / Double(max(r.stored, 1)), (r.leaseExecMs ?? 0) / Double(max(r.stored, 1)), r.walBytesPerRecord, r.blocksReadPerRecord, r.mostLeased, r.autovacuums)
                  + outcomes + "  " + (r.storedOnce ? "yes" : "NO"))
        }, top: statements ? { rows in
            print("statements of the last run (pg_stat_statements, track=all), total ms, calls:")
            for s in rows { print(String(format: "%10.1f  %8d  ", s.totalMs, s.calls) + s.query) }
        } : nil, floor: floor ? { rows in
            for r in rows {
                print(String(format: "  floor: %7d records, PostgreSQL CPU %.3f ms/record, WAL %.0f bytes/record, %.2f s: ", r.stored, r.msPerRecord,
                             r.walBytesPerRecord, r.seconds) + r.step)
            }
        } : nil)
    }
}
