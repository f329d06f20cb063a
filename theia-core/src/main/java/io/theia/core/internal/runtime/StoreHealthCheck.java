package io.theia.core.internal.runtime;

import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventStore;
import io.theia.core.internal.server.HealthCheck;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The runtime's answer to {@code GET /health}: healthy while the runtime runs, its store reports no
 * {@linkplain EventStore#problem() problem} (for example flushes to disk that fail) and it answers a lookup of an
 * id that cannot exist (a closed or broken store throws instead of reporting "not found"). In live-only mode there
 * is no store to check and the collector is healthy while it runs.
 */
final class StoreHealthCheck implements HealthCheck {

    private static final String PROBE_ID = "theia-health-probe-00000000-0000-0000-0000-000000000000";

    private final Optional<EventStore> store;
    private final String storeType;
    private final BooleanSupplier running;

    StoreHealthCheck(Optional<EventStore> store, String storeType, BooleanSupplier running) {
        this.store = store;
        this.storeType = storeType;
        this.running = running;
    }

    @Override
    public Health check() {
        if (!running.getAsBoolean()) {
            return Health.down("theia is stopping");
        }
        if (store.isEmpty()) {
            return Health.up(Map.of("store", "none (live only)"));
        }
        return check(store.get());
    }

    private Health check(EventStore store) {
        try {
            var problem = store.problem();
            if (problem.isPresent()) {
                return Health.down("store '" + storeType + "' is failing: " + problem.get());
            }
            store.get(PROBE_ID);
            return Health.up(Map.of("store", storeType));
        } catch (EventNotFoundException expected) {
            return Health.up(Map.of("store", storeType));
        } catch (RuntimeException e) {
            return Health.down("store '" + storeType + "' is not usable: " + e.getMessage());
        }
    }
}
