import Foundation
import KabarRun

/// Schedule input: the bytes as a schedule file (YAML); its first line also as a cron expression.
enum ScheduleFuzzTarget {
    static let loader = ScheduleLoader(extractors: ["tempo", "sindonews", "generic"])

    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? loader.parse(text, file: "fuzz.yaml")
        let (line, _) = FuzzSurface.split(data)
        _ = try? CronExpression(line)
    }
}
