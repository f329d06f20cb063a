package io.theia.store.jdbc;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The database unreachable, refusing, or restarted under a running store. */
class JdbcStoreFailureTest {

    private static final String SECRET = "s3cret-Pa55word";

    @Test
    void databaseDownAtStartIsAnErrorNamingHostAndDatabaseWithoutThePassword() throws Exception {
        int port = freePort();
        JdbcStoreConfig config = new JdbcStoreConfig("jdbc:postgresql://127.0.0.1:" + port + "/theia_prod",
                "theia", SECRET, null, null, null, null);

        assertThatThrownBy(() -> JdbcEventStore.open(config, Map.of()))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("database 'theia_prod' on 127.0.0.1:" + port)
                .hasMessageContaining("user 'theia'")
                .hasMessageContaining("refused")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
    }

    @Test
    void refusedCredentialsAtStartAreAnErrorNamingHostAndDatabaseWithoutThePassword() {
        TestPostgres postgres = TestPostgres.shared();
        String url = "jdbc:postgresql://localhost:" + postgres.port() + "/postgres?password=" + SECRET;
        JdbcStoreConfig config = new JdbcStoreConfig(url, "intruder", null, "THEIA_TEST_PW", null, null, null);

        assertThatThrownBy(() -> JdbcEventStore.open(config, Map.of("THEIA_TEST_PW", SECRET)))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("database 'postgres' on localhost:" + postgres.port())
                .hasMessageContaining("\"intruder\"")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
        assertThatThrownBy(() -> JdbcEventStore.open(config, Map.of()))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("environment variable THEIA_TEST_PW");
    }

    @Test
    void configurationIsCheckedAndNeverShowsThePassword() {
        assertThatThrownBy(() -> new JdbcStoreConfig("jdbc:mysql://x/y?password=" + SECRET, null, SECRET, "PW",
                "Robert'); DROP TABLE students;--", 0, 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url: must start with 'jdbc:postgresql:'")
                .hasMessageContaining("passwordEnv: give password or passwordEnv, not both")
                .hasMessageContaining("table: must be a lower-case SQL identifier")
                .hasMessageContaining("poolSize")
                .hasMessageContaining("batchSize")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        JdbcStoreConfig config = new JdbcStoreConfig("jdbc:postgresql://db/theia?password=" + SECRET, "u", SECRET,
                null, null, null, null);
        assertThat(config.toString()).doesNotContain(SECRET).contains("table=theia_events", "poolSize=8",
                "batchSize=500");
        assertThat(JdbcStoreConfig.of("jdbc:postgresql://db/theia").withTable("x").table()).isEqualTo("x");
    }

    @Test
    void databaseRestartedMidRunFailsOperationsThenTheStoreRecovers() {
        TestPostgres postgres = TestPostgres.dedicated(TestPostgres.newDataDir(), freePortUnchecked());
        try (JdbcEventStore store = JdbcEventStore.open(postgres.config("restart"), Map.of())) {
            store.save(event("before", 1, "saved before the restart"));

            postgres.stop();

            assertThatThrownBy(() -> store.save(event("during", 2, "x")))
                    .isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("restart")
                    .hasMessageContaining("localhost:" + postgres.port());
            assertThatThrownBy(() -> store.get("before")).isInstanceOf(EventReadException.class);
            assertThatThrownBy(() -> store.search(EventQuery.all())).isInstanceOf(EventReadException.class);

            postgres.start();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(EventStoreException.class)
                    .untilAsserted(() -> store.save(event("after", 3, "saved after the restart")));
            try (Stream<Event> events = store.search(EventQuery.all())) {
                assertThat(events.map(Event::id).collect(Collectors.toList())).containsExactly("before", "after");
            }
        } finally {
            postgres.close();
        }
    }

    private static String stackText(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
