import CoreMetrics
import Foundation
import KabarFetch
import KabarRun
import Prometheus

/// The Prometheus backend of Kabar's swift-metrics instrumentation (`FetchMetrics`,
/// `RunMetrics`): bootstrapped once per process by the executables that serve `/metrics`;
/// the libraries never bootstrap anything, so a service embedding Kabar brings its own backend.
public enum PrometheusExport {
    nonisolated(unsafe) private static var bootstrapped: PrometheusCollectorRegistry?
    private static let lock = NSLock()

    /// The process's registry, with swift-metrics bootstrapped to it on the first call.
    public static func registry() -> PrometheusCollectorRegistry {
        lock.withLock {
            if let bootstrapped { return bootstrapped }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(KabarMetricsFactory(registry: registry))
            bootstrapped = registry
            return registry
        }
    }

    /// Every metric Kabar defines, with its help text (the `# HELP` lines).
    public static var help: [String: String] { FetchMetrics.help.merging(RunMetrics.help) { a, _ in a }.merging(HealthMetrics.help) { a, _ in a } }
}

/// swift-prometheus's factory with Kabar's help text on each metric and the fetch latency
/// histogram's buckets (swift-metrics itself carries no help text).
struct KabarMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let base: PrometheusMetricsFactory
    let help: [String: String]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        base = PrometheusMetricsFactory(registry: registry)
        help = PrometheusExport.help
    }

    /// The metric's name (the label as it is) with its help text.
    func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help[label] ?? "")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: base.defaultValueHistogramBuckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = label == FetchMetrics.duration
            ? FetchMetrics.durationBuckets.map { Duration.milliseconds(Int64(($0 * 1000).rounded())) }
            : base.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { base.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
