import KabarConfig

/// A schedule file that cannot be used: the file, the line, the key and what was expected
/// (`Schedules/tempo.yaml:7: every: expected a duration such as ..., got "15x"`).
public typealias ScheduleError = ConfigError

/// Every problem of several schedule files, one per line (`kabar schedule` reports them all
/// before anything runs).
public typealias ScheduleErrors = ConfigErrors
