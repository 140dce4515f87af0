import Foundation
import Synchronization

/// Request counters and latency histograms per route, rendered in the Prometheus text format (0.0.4).
///
/// Kept by hand rather than through swift-metrics and swift-prometheus: a dozen lines here spare two packages'
/// build time, and the format is small and stable.
final class ServiceMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct Histogram {
        var counts: [UInt64] = Array(repeating: 0, count: ServiceMetrics.buckets.count)
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func add(_ seconds: Double) {
            for (index, bound) in ServiceMetrics.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [String: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var outbox: [String: UInt64] = [:]
    }

    private let state = Mutex(State())
    private let started = Date()

    /// Records one request of `route` (`METHOD /pattern`) that ended with `status` after `seconds`.
    func record(route: String, status: Int, seconds: Double) {
        let key = "method=\"\(route.prefix { $0 != " " })\",route=\"\(route.drop { $0 != " " }.dropFirst())\""
        state.withLock { state in
            state.requests["\(key),status=\"\(status)\"", default: 0] += 1
            // Updated in place: a copy taken out and stored back copied the bucket array on every request.
            state.latency[key, default: Histogram()].add(seconds)
        }
    }

    /// Counts an outbox delivery event (`accepted`, `rejected`, `retry`, `failed`).
    func outbox(_ event: String) {
        state.withLock { $0.outbox[event, default: 0] += 1 }
    }

    /// The metrics as Prometheus text.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = "# HELP bonded_http_requests_total HTTP requests by route and status.\n"
        text += "# TYPE bonded_http_requests_total counter\n"
        for (labels, value) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            text += "bonded_http_requests_total{\(labels)} \(value)\n"
        }
        text += "# HELP bonded_http_request_duration_seconds Time to answer, by route.\n"
        text += "# TYPE bonded_http_request_duration_seconds histogram\n"
        for (labels, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in Self.buckets.enumerated() {
                text +=
                    "bonded_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            text += "bonded_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            text += "bonded_http_request_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            text += "bonded_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        text += "# HELP bonded_outbox_events_total Single-window deliveries by outcome.\n"
        text += "# TYPE bonded_outbox_events_total counter\n"
        for (event, value) in snapshot.outbox.sorted(by: { $0.key < $1.key }) {
            text += "bonded_outbox_events_total{event=\"\(event)\"} \(value)\n"
        }
        text += "# HELP bonded_uptime_seconds Seconds since the service started.\n"
        text += "# TYPE bonded_uptime_seconds gauge\n"
        text += "bonded_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
        return text
    }
}
