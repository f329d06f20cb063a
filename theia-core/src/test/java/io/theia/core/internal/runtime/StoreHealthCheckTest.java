package io.theia.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theia.api.store.EventStore;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.pipeline.MeteredEventStore;
import io.theia.core.internal.server.HealthCheck.Health;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /health} and {@code theia_store_failing} follow the store's reported problem, as the runtime wires them. */
class StoreHealthCheckTest {

    @Test
    void aStoreReportingAProblemIsUnhealthyWithItsReasonAndCountsAsFailingUntilItRecovers() {
        AtomicReference<String> problem = new AtomicReference<>();
        EventStore failing = new DelegatingEventStore(new InMemoryEventStore()) {
            @Override
            public Optional<String> problem() {
                return Optional.ofNullable(problem.get());
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MeteredEventStore store = new MeteredEventStore(failing, registry)) {
            StoreHealthCheck check = new StoreHealthCheck(Optional.of(store), "naive", () -> true);
            assertThat(check.check().healthy()).isTrue();
            assertThat(registry.get("theia.store.failing").gauge().value()).isZero();

            problem.set("flushing to disk fails: No space left on device");
            Health health = check.check();
            assertThat(health.healthy()).isFalse();
            assertThat(health.details()).containsEntry("reason",
                    "store 'naive' is failing: flushing to disk fails: No space left on device");
            assertThat(registry.get("theia.store.failing").gauge().value()).isEqualTo(1);

            problem.set(null);
            assertThat(check.check().healthy()).isTrue();
            assertThat(registry.get("theia.store.failing").gauge().value()).isZero();
        }
    }
}
