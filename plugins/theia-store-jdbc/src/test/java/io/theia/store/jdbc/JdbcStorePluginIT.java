package io.theia.store.jdbc;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.PluginArchive;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.LiveStream;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin as operators get it: the zip archive this build packaged, unpacked and loaded by PF4J into the real
 * runtime, configured from YAML, serving a collector. This module's classes, the driver and the pool are kept off
 * the class path (see the pom), so they can only come from the archive.
 */
class JdbcStorePluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.jdbc.plugin", "target/missing.zip"));
    private static final Path NAIVE_STORE = Path.of(System.getProperty("theia.naive.plugin", "target/missing.jar"));

    @TempDir
    Path dir;

    private final HostServices services = HostServices.named("test-host");

    @Test
    void theArchiveIsAPf4jZipPluginBundlingTheDriverAndThePool() throws Exception {
        List<String> entries = new ArrayList<>();
        String index = null;
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(entries::add);
            String properties = new String(zip.getInputStream(zip.getEntry("plugin.properties")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(properties).contains("plugin.id=theia-store-jdbc").containsPattern("plugin.version=\\d");
            ZipEntry jar = zip.stream().filter(e -> e.getName().matches("lib/theia-store-jdbc-.*\\.jar"))
                    .findFirst().orElseThrow();
            try (ZipInputStream classes = new JarInputStream(zip.getInputStream(jar))) {
                for (ZipEntry entry = classes.getNextEntry(); entry != null; entry = classes.getNextEntry()) {
                    if (entry.getName().equals("META-INF/extensions.idx")) {
                        index = new String(classes.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        assertThat(index).isNotNull();
        assertThat(index.lines()).contains("io.theia.store.jdbc.JdbcStoreFactory");
        assertThat(entries).anyMatch(name -> name.matches("lib/postgresql-42\\..*\\.jar"))
                .anyMatch(name -> name.matches("lib/HikariCP-.*\\.jar"))
                .noneMatch(name -> name.matches("lib/(theia-api|pf4j|slf4j-api|jakarta\\.inject|re2j).*"));
        assertThat(getClass().getClassLoader().getResource("io/theia/store/jdbc/JdbcStoreFactory.class"))
                .as("the plugin's classes must not be on the test class path").isNull();
        assertThat(getClass().getClassLoader().getResource("com/zaxxer/hikari/HikariDataSource.class"))
                .as("the pool must come from the archive").isNull();
    }

    /** The same collector test, once per store: only the {@code store} section differs. */
    @ParameterizedTest(name = "store.type: {0}")
    @ValueSource(strings = {"naive", "jdbc"})
    void aCollectorPushesFindsAndStreamsLiveWhicheverStoreIsConfigured(String type) throws Exception {
        String table = TestPostgres.newTable("swap");
        String store = type.equals("naive") ? "store: {type: naive, dataDir: '" + dir.resolve("naive-data") + "'}"
                : jdbcStoreSection(table);

        try (TheiaRuntime runtime = TheiaRuntime.start(config(plugins("swap"), store), services);
                CollectorClient client = new CollectorClient(runtime.server().orElseThrow().uri(),
                        Duration.ofSeconds(10))) {
            List<Event> live = new CopyOnWriteArrayList<>();
            try (LiveStream ignored = client.live(EventQuery.builder().tags("web").build(), live::add);
                    EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
                List<Event> events = List.of(event("b", 2, "second", "web"), event("a", 1, "first", "web"),
                        event("c", 3, "ERROR: third", "db"));
                pusher.push(events).get(30, TimeUnit.SECONDS);

                assertThat(client.findAll(EventQuery.all())).containsExactly(events.get(1), events.get(0),
                        events.get(2));
                assertThat(client.findAll(EventQuery.builder().tags("web").order(EventQuery.Order.DESC).build()))
                        .extracting(Event::id).containsExactly("b", "a");
                assertThat(client.findAll(EventQuery.builder().content("ERROR").build())).extracting(Event::id)
                        .containsExactly("c");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(live).extracting(Event::id).containsExactlyInAnyOrder("a", "b"));
            }
        }
        assertThat(rowsIn(table)).isEqualTo(type.equals("jdbc") ? 3 : -1);
    }

    /** The rows of a table, read directly with SQL; -1 when there is no such table. */
    private static int rowsIn(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestPostgres.shared().url(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = '"
                        + table + "'")) {
            rows.next();
            if (rows.getInt(1) == 0) {
                return -1;
            }
        }
        try (Connection connection = DriverManager.getConnection(TestPostgres.shared().url(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * What an operator does without editing the file: {@code theia collect --store jdbc --set store.url=…}, and the
     * same through {@code THEIA_STORE_*} variables; then back to the naive store by flag over a file that names
     * jdbc. The default store's settings once leaked into the other's ("unknown key 'dataDir'").
     */
    @Test
    void theStoreIsSwitchedByFlagsOrEnvironmentWithoutTouchingTheFile() throws Exception {
        String table = TestPostgres.newTable("flags");
        Path noStoreSection = configFile(plugins("flags"), "");
        Map<String, String> flags = Map.of("store.type", "jdbc", "store.url", TestPostgres.shared().url(),
                "store.user", "postgres", "store.password", "not-checked-by-the-test-server", "store.table", table);
        Map<String, String> environment = Map.of("THEIA_STORE_TYPE", "jdbc", "THEIA_STORE_URL",
                TestPostgres.shared().url(), "THEIA_STORE_USER", "postgres", "THEIA_STORE_TABLE", table);

        for (Configuration configuration : List.of(Configuration.load(noStoreSection, Map.of(), flags),
                Configuration.load(noStoreSection, environment, Map.of()))) {
            try (TheiaRuntime runtime = TheiaRuntime.start(configuration, services)) {
                runtime.store().orElseThrow().save(event("by-" + rowsIn(table), 1, "x"));
            }
        }
        assertThat(rowsIn(table)).isEqualTo(2);

        Path jdbcFile = configFile(plugins("back"), jdbcStoreSection(table));
        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(jdbcFile, Map.of(), Map.of(
                "store.type", "naive", "store.dataDir", dir.resolve("back-to-naive").toString())), services)) {
            runtime.store().orElseThrow().save(event("naive-again", 1, "x"));
        }
        assertThat(dir.resolve("back-to-naive")).isDirectoryContaining(path -> path.getFileName().toString()
                .matches("\\d+-\\d+"));
    }

    @Test
    void twoCollectorsSharingOneDatabaseFindWhatWasPushedToEither() throws Exception {
        String store = jdbcStoreSection(TestPostgres.newTable("shared"));
        try (TheiaRuntime first = TheiaRuntime.start(config(plugins("first"), store), services);
                TheiaRuntime second = TheiaRuntime.start(config(plugins("second"), store), services);
                CollectorClient one = new CollectorClient(first.server().orElseThrow().uri(), Duration.ofSeconds(10));
                CollectorClient two = new CollectorClient(second.server().orElseThrow().uri(),
                        Duration.ofSeconds(10))) {
            try (EventPusher pusher = one.pusher(PushOptions.defaults(true))) {
                pusher.push(List.of(event("via-first", 1, "x"))).get(30, TimeUnit.SECONDS);
            }
            try (EventPusher pusher = two.pusher(PushOptions.defaults(true))) {
                pusher.push(List.of(event("via-second", 2, "y"))).get(30, TimeUnit.SECONDS);
                // the id is already stored through the other collector: rejected, not stored twice
                assertThatThrownBy(() -> pusher.push(List.of(event("via-first", 3, "again"))).get(30,
                        TimeUnit.SECONDS)).hasMessageContaining("via-first");
            }

            assertThat(one.findAll(EventQuery.all())).extracting(Event::id).containsExactly("via-first", "via-second");
            assertThat(two.findAll(EventQuery.all())).extracting(Event::id).containsExactly("via-first", "via-second");
            assertThat(second.store().orElseThrow().get("via-first").content()).isEqualTo("x");
        }
    }

    @Test
    void configurationMistakesAndAnUnreachableDatabaseAreReportedAtStart() throws Exception {
        Path plugins = plugins("mistakes");
        Path typo = configFile(plugins, "store: {type: jdbc, url: 'jdbc:postgresql://localhost/theia', tabel: x}");
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(typo, Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key 'tabel'")
                .hasMessageContaining("theia-store-jdbc");

        int port = freePort();
        Path down = configFile(plugins, "store: {type: jdbc, url: 'jdbc:postgresql://127.0.0.1:" + port
                + "/theia_prod', user: theia, password: hunter2-secret}");
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(down, Map.of(), Map.of()), services))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("database 'theia_prod' on 127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
    }

    private String jdbcStoreSection(String table) {
        return "store:\n  type: jdbc\n  url: '" + TestPostgres.shared().url() + "'\n  user: postgres\n"
                + "  password: not-checked-by-the-test-server\n  table: " + table + "\n  poolSize: 4\n"
                + "  batchSize: 200\n";
    }

    private Path plugins(String name) throws IOException {
        Path plugins = dir.resolve(name + "-plugins");
        Files.createDirectories(plugins);
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        Files.copy(NAIVE_STORE, plugins.resolve(NAIVE_STORE.getFileName()));
        PluginArchive.memoryStore().writeTo(plugins);
        return plugins;
    }

    private Configuration config(Path plugins, String storeSection) throws IOException {
        return Configuration.load(configFile(plugins, storeSection), Map.of(), Map.of());
    }

    private Path configFile(Path plugins, String storeSection) throws IOException {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, storeSection + "\nstateDir: " + dir.resolve("state-" + file.getFileName())
                + "\nplugins:\n  directories: [" + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
