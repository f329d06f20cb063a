package io.theia.launcher;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One measurement of {@code theia bench}.
 *
 * @param scenario what was measured
 * @param events how many events
 * @param seconds how long it took
 * @param bytes how many bytes of serialized events
 * @param p50Millis median latency, or -1 when not measured
 * @param p99Millis 99th-percentile latency, or -1 when not measured
 * @param note what else to know (settings, drops)
 */
record BenchResult(String scenario, long events, double seconds, long bytes, double p50Millis, double p99Millis,
        String note) {

    static String header() {
        return String.format("%-8s %10s %9s %12s %9s %10s %10s  %s", "scenario", "events", "seconds", "events/s",
                "MiB/s", "p50 ms", "p99 ms", "note");
    }

    double eventsPerSecond() {
        return events / Math.max(seconds, 1e-9);
    }

    double mebibytesPerSecond() {
        return bytes / Math.max(seconds, 1e-9) / (1024 * 1024);
    }

    String row() {
        return String.format("%-8s %10d %9.2f %12.0f %9.1f %10s %10s  %s", scenario, events, seconds, eventsPerSecond(),
                mebibytesPerSecond(), latency(p50Millis), latency(p99Millis), note);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("scenario", scenario);
        node.put("events", events);
        node.put("seconds", seconds);
        node.put("eventsPerSecond", eventsPerSecond());
        node.put("mebibytesPerSecond", mebibytesPerSecond());
        if (p50Millis >= 0) {
            node.put("p50Millis", p50Millis);
            node.put("p99Millis", p99Millis);
        }
        node.put("note", note);
        return node;
    }

    private static String latency(double millis) {
        return millis < 0 ? "-" : String.format("%.2f", millis);
    }
}
