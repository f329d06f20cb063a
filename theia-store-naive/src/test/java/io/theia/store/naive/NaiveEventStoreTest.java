package io.theia.store.naive;

import io.theia.api.store.EventStore;
import io.theia.api.testkit.EventStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The naive store passes the conformance kit in both durability modes. */
class NaiveEventStoreTest {

    /** Buffered mode with the default flush interval. */
    @Nested
    class Buffered extends EventStoreContract {
        @TempDir
        Path dataDir;

        @Override
        protected EventStore openStore() {
            return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, Duration.ofSeconds(1), null, null));
        }
    }

    /** Synchronous mode: every save is forced to disk. */
    @Nested
    class Synchronous extends EventStoreContract {
        @TempDir
        Path dataDir;

        @Override
        protected EventStore openStore() {
            return NaiveEventStore.open(new NaiveStoreConfig(dataDir, null, Duration.ZERO, null, null));
        }
    }

    /** Tiny files and windows, so that every test rolls files and spans many windows. */
    @Nested
    class SmallFiles extends EventStoreContract {
        @TempDir
        Path dataDir;

        @Override
        protected EventStore openStore() {
            return NaiveEventStore.open(new NaiveStoreConfig(dataDir, 7L, Duration.ofMillis(50), 2048L, null));
        }
    }
}
