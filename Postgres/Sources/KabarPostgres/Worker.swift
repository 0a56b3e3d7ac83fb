import Foundation
import KabarCore
import KabarRun
import PostgresNIO

/// One worker over a shared database: runs passes of schedules. A schedule's run (discovery,
/// then its queue) belongs to whichever worker takes its advisory lock
/// (`pg_try_advisory_lock(space, hashtext(name))`, held on one connection for the run), so
/// it never runs twice at once; every other worker with the schedule helps work off its
/// queue through leases.
public struct Worker: Sendable {
    public let folder: PostgresFolder
    public let registry: ExtractorRegistry
    public let progress: @Sendable (Schedule) -> RunProgress
    public let stop: StopSignal
    /// Entries leased at a time.
    public var leaseBatch = 32
    /// Extracted pages that may wait for their store group's commit while the next pages are
    /// fetched (`RunLoop.storesWaiting`; 0: each page keeps its fetch slot until its group
    /// committed, as before the hand-over).
    public var storesWaiting = 64

    public init(folder: PostgresFolder, registry: ExtractorRegistry, stop: StopSignal,
                progress: @escaping @Sendable (Schedule) -> RunProgress) {
        self.folder = folder; self.registry = registry; self.stop = stop; self.progress = progress
    }

    /// One pass: with discovery when this worker takes the schedule's lock (and `discover`),
    /// else helping with the queue.
    public func pass(_ schedule: Schedule, discover: Bool = true) async throws -> (RunResult, discovered: Bool) {
        // The folder counts over its life; this worker's passes run one after another.
        let fieldsBefore = await folder.fieldRevisions
        var (result, discovered) = try await runPass(schedule, discover: discover)
        result.revisedFields = await folder.fieldRevisions - fieldsBefore
        if result.counters.left > 0 {
            // The queue is shared: say who holds what is left, not "queued for the next run".
            let left = try await folder.leftInQueue(schedule: schedule.name)
            result.counters.left = left.leasedByOthers + left.free
            result.leftFate = Self.leftFate(leasedByOthers: left.leasedByOthers, free: left.free)
        }
        return (result, discovered)
    }

    /// The summary's words on what a pass left in the shared queue.
    static func leftFate(leasedByOthers: Int, free: Int) -> String {
        let taken = "leased by other workers now, who fetch \(leasedByOthers == 1 ? "it" : "them")"
        let next = "for whichever worker of this schedule leases \(free == 1 ? "it" : "them") next: a running kabar-postgres worker, or the schedule's next run"
        switch (leasedByOthers, free) {
        case (0, _): return "in the shared queue, \(next)"
        case (_, 0): return "in the shared queue, \(taken)"
        default: return "in the shared queue: \(leasedByOthers) \(taken); \(free) \(next)"
        }
    }

    private func runPass(_ schedule: Schedule, discover: Bool) async throws -> (RunResult, discovered: Bool) {
        let db = folder.database
        await folder.setHostDelay(schedule.politeness.delay.seconds)
        await folder.setStop(stop)
        let loop = makeLoop(schedule)
        guard discover else { return (try await drain(loop), false) }
        return try await db.withConnection { connection in
            let rows = try await db.query("SELECT pg_try_advisory_lock(\(Schema.scheduleLockSpace), hashtext(\(schedule.name)))", on: connection)
            guard try rows.first?.decode(Bool.self) == true else {
                return (try await drain(loop), false)
            }
            do {
                let result = try await loop.run()
                // The lock went with its connection if the database restarted meanwhile.
                _ = try? await db.query("SELECT pg_advisory_unlock(\(Schema.scheduleLockSpace), hashtext(\(schedule.name)))", on: connection)
                return (result, true)
            } catch {
                _ = try? await db.query("SELECT pg_advisory_unlock(\(Schema.scheduleLockSpace), hashtext(\(schedule.name)))", on: connection)
                throw error
            }
        }
    }

    func makeLoop(_ schedule: Schedule) -> KabarRun.RunLoop {
        var loop = KabarRun.RunLoop(schedule: schedule, registry: registry, folder: folder, progress: progress(schedule), stop: stop)
        loop.leaseBatch = leaseBatch
        loop.storesWaiting = storesWaiting
        loop.archivePrefix = "\(schedule.name)-\(folder.worker)"
        return loop
    }

    private func drain(_ loop: KabarRun.RunLoop) async throws -> RunResult {
        var loop = loop
        loop.discover = false
        return try await loop.run()
    }

    /// Runs the schedules until stopped: each due schedule's run goes to the worker that takes
    /// its lock; in between, every worker works off the queues of its schedules. `log` gets each
    /// pass's report as `kabar schedule` prints it: the summary line, then its health lines
    /// (with `json`, the pass as one JSON object, as `kabar schedule --json` prints it).
    public func serve(_ schedules: [Schedule], json: Bool = false, log: @Sendable (String) -> Void) async throws {
        while !stop.isStopped {
            var worked = false
            for schedule in schedules where !stop.isStopped {
                let last = try await folder.lastStart(schedule: schedule.name)
                let due = schedule.timetable.map { Scheduler.nextDue($0, lastStart: last, now: Date()) <= Date() } ?? (last == nil)
                if due {
                    let (result, discovered) = try await pass(schedule)
                    if discovered { log(json ? result.json : result.report); worked = true; continue }
                }
                if try await folder.queued(schedule: schedule.name) > 0 {
                    let (result, _) = try await pass(schedule, discover: false)
                    if result.counters.planned > 0 { log(json ? result.json : result.report); worked = true }
                }
            }
            if !worked { await stop.sleep(1) }
        }
    }
}
