import Foundation
import KabarCore

extension RunLoop {
    /// Judges the run's health against the recent level the folder keeps (and the declared
    /// floors), saves it, and logs a line per extractor and each warning.
    func judgeHealth(_ recorder: HealthRecorder) async throws -> RunHealth {
        let report = try await RunHealth.judge(recorder, ledger: folder as? any HealthLedger, schedule: schedule.name)
        for extractor in report.extractors { progress.note(RunHealth(extractors: [extractor], warnings: []).lines[0]) }
        for warning in report.warnings { progress.warning(warning.description) }
        return report
    }
}
