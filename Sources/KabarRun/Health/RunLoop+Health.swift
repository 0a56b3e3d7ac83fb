import Foundation
import KabarCore

extension RunLoop {
    /// Judges the run's health against the recent level the folder keeps (and the declared
    /// floors) and saves it. Not logged: the run's report (`RunResult.report`, which `kabar run`,
    /// `demo`, `schedule` and the workers print) carries its lines, the JSON its `health`.
    func judgeHealth(_ recorder: HealthRecorder) async throws -> RunHealth {
        try await RunHealth.judge(recorder, ledger: folder as? any HealthLedger, schedule: schedule.name)
    }
}
