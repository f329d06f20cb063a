package io.theia.store.naive;

import static io.theia.store.naive.DataFiles.dataFileNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.store.EventStore;
import io.theia.api.testkit.TestEvents;
import io.theia.api.testkit.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.Extension;

class NaiveEventStoreFactoryTest {

    @TempDir
    Path dataDir;

    @Test
    void extensionIndexListsTheFactory() throws IOException {
        List<String> lines = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            }
        }

        assertThat(lines).contains(NaiveEventStoreFactory.class.getName());
        assertThat(NaiveEventStoreFactory.class).hasAnnotation(Extension.class);
    }

    @Test
    void createsANaiveStoreFromItsConfiguration() {
        NaiveEventStoreFactory factory = new NaiveEventStoreFactory(TestHost.SYSTEM);

        assertThat(factory.type()).isEqualTo("naive");
        assertThat(factory.configType()).isEqualTo(NaiveStoreConfig.class);
        try (EventStore store = factory.create(NaiveStoreConfig.of(dataDir))) {
            store.save(TestEvents.event("a", 1, "x"));
            assertThat(store.get("a").content()).isEqualTo("x");
        }
    }

    @Test
    void theStoresRetentionMeasuresAgesByTheInjectedHostsClock() throws IOException {
        long base = TestEvents.BASE_SECOND;
        NaiveStoreConfig config = new NaiveStoreConfig(dataDir, 60L, null, null,
                new NaiveStoreConfig.Retention(Duration.ofHours(1), null));
        TestHost early = TestHost.withClock(Clock.fixed(Instant.ofEpochSecond(base - 7200), ZoneOffset.UTC));
        try (EventStore store = new NaiveEventStoreFactory(early).create(config)) {
            store.save(TestEvents.event("old", -7200, "x"));
            store.save(TestEvents.event("now", 0, "z"));
        }
        // By the host's clock nothing is older than an hour yet (by the system clock, years have passed).
        assertThat(dataFileNames(dataDir)).hasSize(2);

        TestHost later = TestHost.withClock(Clock.fixed(Instant.ofEpochSecond(base + 1800), ZoneOffset.UTC));
        try (EventStore store = new NaiveEventStoreFactory(later).create(config)) {
            assertThatThrownBy(() -> store.get("old")).isInstanceOf(io.theia.api.store.EventNotFoundException.class);
            assertThat(store.get("now").content()).isEqualTo("z");
        }
    }

    @Test
    void eventTooLargeForAnyReaderIsRejectedBeforeAnythingIsSaved() {
        try (EventStore store = new NaiveEventStoreFactory(TestHost.SYSTEM).create(NaiveStoreConfig.of(dataDir))) {
            String huge = "x".repeat(io.theia.api.codec.EventReader.DEFAULT_MAX_EVENT_BYTES);
            assertThatThrownBy(() -> store.saveAll(List.of(TestEvents.event("small", 1, "x"),
                    TestEvents.event("huge", 2, huge))))
                    .isInstanceOf(io.theia.api.store.EventWriteException.class).hasMessageContaining("huge");
            assertThatThrownBy(() -> store.get("small")).isInstanceOf(io.theia.api.store.EventNotFoundException.class);
        }
    }

    @Test
    void configFillsDefaultsAndNamesTheKeyThatIsWrong() {
        NaiveStoreConfig config = NaiveStoreConfig.of(dataDir);

        assertThat(config.window()).isEqualTo(60);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.synchronous()).isFalse();
        assertThat(config.retention().limited()).isFalse();
        assertThat(new NaiveStoreConfig(null, null, null, null, null).dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.maxOpenFiles()).isEqualTo(16);
        assertThatThrownBy(() -> new NaiveStoreConfig(dataDir, null, null, null, null, 0))
                .hasMessageContaining("maxOpenFiles");
        assertThatThrownBy(() -> new NaiveStoreConfig(dataDir, 0L, null, null, null)).hasMessageContaining("window");
        assertThatThrownBy(() -> new NaiveStoreConfig(dataDir, null, Duration.ofSeconds(-1), null, null))
                .hasMessageContaining("flushInterval");
        assertThatThrownBy(() -> new NaiveStoreConfig(dataDir, null, null, 0L, null))
                .hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> new NaiveStoreConfig.Retention(Duration.ZERO, null))
                .hasMessageContaining("maxAge: must be positive");
        assertThatThrownBy(() -> new NaiveStoreConfig.Retention(null, -5L))
                .hasMessageContaining("maxBytes: must be positive");
    }
}
