import ArgumentParser
import Foundation
import KabarMetrics

/// `--metrics HOST:PORT` and `--metrics-any-address`: serve Prometheus `/metrics` while the
/// command runs (`kabar schedule`, `kabar-postgres worker` and `schedule`). No endpoint unless
/// asked; a non-loopback address only with `--metrics-any-address`.
public struct MetricsOptions: ParsableArguments {
    @Option(name: .customLong("metrics"), help: ArgumentHelp(
        "Serve Prometheus metrics at http://HOST:PORT/metrics while running (e.g. 127.0.0.1:9464; port 0: a free one). Loopback only unless --metrics-any-address.",
        valueName: "host:port"))
    public var address: String?

    @Flag(name: .customLong("metrics-any-address"), help: "Let --metrics listen on an address other than loopback (the metrics name schedules, hosts and data folders; no authentication).")
    public var anyAddress = false

    public init() {}

    public mutating func validate() throws {
        guard let address else {
            if anyAddress { throw ValidationError("--metrics-any-address needs --metrics HOST:PORT") }
            return
        }
        do { _ = try MetricsAddress(address, anyAddress: anyAddress) } catch let e as MetricsAddress.Invalid {
            throw ValidationError(e.description)
        }
    }

    /// Starts the endpoint (nil without `--metrics`) and says where on standard error; the
    /// caller keeps it alive while it runs.
    public func start() throws -> MetricsEndpoint? {
        guard let address else { return nil }
        let registry = PrometheusExport.registry()
        do {
            let endpoint = try MetricsEndpoint(address: try MetricsAddress(address, anyAddress: anyAddress)) { registry.emitToBuffer() }
            FileHandle.standardError.write(Data("\(ProcessInfo.processInfo.processName): metrics at \(endpoint.url)\n".utf8))
            return endpoint
        } catch {
            CLIMessage.error("\(error)")
            throw ExitCode(2)
        }
    }
}
