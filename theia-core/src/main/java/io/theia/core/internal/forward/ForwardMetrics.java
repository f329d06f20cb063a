package io.theia.core.internal.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * The forwarding sink's meters: {@code theia_forward_events_sent_total} (events written, resends included),
 * {@code theia_forward_events_acknowledged_total} (events whose delivery is done: acknowledged, or received in
 * best-effort mode), {@code theia_forward_retries_total} (batches sent again),
 * {@code theia_forward_reconnects_total}, {@code theia_forward_deliveries_refused_total} (deliveries refused
 * because the sink's buffer was full), {@code theia_forward_pending_events} and {@code theia_forward_best_effort}
 * (1 once the sink forwards without acknowledgements). Thread-safe.
 */
final class ForwardMetrics implements AutoCloseable {

    final Counter sent;
    final Counter acknowledged;
    final Counter retries;
    final Counter reconnects;
    final Counter refused;
    private final MeterRegistry registry;
    private final List<Meter> meters;

    ForwardMetrics(MeterRegistry registry, Supplier<Number> pendingEvents, Supplier<Number> bestEffort) {
        this.registry = registry;
        this.sent = Counter.builder("theia.forward.events.sent").description("events written to the collector")
                .register(registry);
        this.acknowledged = Counter.builder("theia.forward.events.acknowledged")
                .description("events the collector acknowledged (best effort: received)").register(registry);
        this.retries = Counter.builder("theia.forward.retries").description("batches sent again")
                .register(registry);
        this.reconnects = Counter.builder("theia.forward.reconnects").description("connections opened again")
                .register(registry);
        this.refused = Counter.builder("theia.forward.deliveries.refused")
                .description("deliveries refused because the buffer was full").register(registry);
        Gauge pending = Gauge.builder("theia.forward.pending.events", pendingEvents)
                .description("events accepted and not yet acknowledged").register(registry);
        Gauge mode = Gauge.builder("theia.forward.best.effort", bestEffort)
                .description("1 when forwarding without acknowledgements").register(registry);
        this.meters = List.of(sent, acknowledged, retries, reconnects, refused, pending, mode);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
