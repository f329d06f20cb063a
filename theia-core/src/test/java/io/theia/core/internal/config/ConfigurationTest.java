package io.theia.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.plugin.InvalidSettingsException;
import io.theia.api.plugin.Required;
import io.theia.core.internal.security.TlsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

    /** A plugin's configuration record, as a store plugin would declare it. */
    record DiskSettings(@Required Path dataDir, Duration flushInterval, Long maxFileBytes, Limits limits) {
    }

    record Limits(Integer files, List<String> keep) {
    }

    /** A record that refuses values by name, as plugin records do. */
    record PoolSettings(Integer poolSize, Integer batchSize, String name) {
        PoolSettings {
            List<InvalidSettingsException.Problem> problems = new ArrayList<>();
            if (poolSize != null && poolSize < 1) {
                problems.add(new InvalidSettingsException.Problem("poolSize", "must be at least 1, not " + poolSize));
            }
            if (batchSize != null && batchSize > 4000) {
                problems.add(new InvalidSettingsException.Problem("batchSize", "must be at most 4000, not "
                        + batchSize));
            }
            InvalidSettingsException.throwIfAny(problems);
        }
    }

    /** Another store's configuration record, with settings of its own. */
    record DatabaseSettings(String url, String user, String password) {
    }

    @TempDir
    Path dir;

    @Test
    void zeroConfigurationUsesTheNaiveStoreInDataAndPort6433() {
        Configuration configuration = Configuration.defaults();

        assertThat(configuration.core().server().port()).isEqualTo(6433);
        assertThat(configuration.storeType()).isEqualTo("naive");
        List<ConfigProblem> problems = new ArrayList<>();
        DatabaseSettings store = configuration.bindStore(DatabaseSettings.class, "plugin db", problems);
        assertThat(problems).as("no settings but the type: the store's record has the defaults").isEmpty();
        assertThat(store.url()).isNull();
        assertThat(configuration.sourceCount()).isZero();
        assertThat(configuration.core().stateDir()).isEqualTo(Path.of("state"));
    }

    @Test
    void fileIsOverriddenByEnvironmentWhichIsOverriddenByFlags() throws Exception {
        Path file = write("""
                server:
                  port: 7000
                  host: 127.0.0.1
                store:
                  type: disk
                  dataDir: /from/file
                  flushInterval: 2s
                  maxFileBytes: 100
                """);
        Map<String, String> environment = Map.of(
                "THEIA_SERVER_PORT", "7001",
                "THEIA_STORE_DATA_DIR", "/from/env",
                "THEIA_STORE_FLUSH_INTERVAL", "250ms",
                "PATH", "/usr/bin");
        Map<String, String> flags = Map.of("server.port", "7002", "store.flushInterval", "0");

        Configuration configuration = Configuration.load(file, environment, flags);
        List<ConfigProblem> problems = new ArrayList<>();
        DiskSettings store = configuration.bindStore(DiskSettings.class, "plugin disk", problems);

        assertThat(problems).isEmpty();
        assertThat(configuration.core().server().port()).isEqualTo(7002);
        assertThat(configuration.core().server().host()).isEqualTo("127.0.0.1");
        assertThat(store.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(store.flushInterval()).isEqualTo(Duration.ZERO);
        assertThat(store.maxFileBytes()).isEqualTo(100L);
        assertThat(configuration.unusedFlags()).isEmpty();
    }

    @Test
    void loggingLevelAndFormatComeFromTheFileTheEnvironmentOrFlags() throws Exception {
        Path file = write("""
                logging:
                  level: debug
                  format: json
                """);

        assertThat(Configuration.load(file, Map.of(), Map.of()).core().logging())
                .isEqualTo(new LoggingConfig("DEBUG", "json"));
        assertThat(Configuration.load(file, Map.of("THEIA_LOGGING_LEVEL", "warn"), Map.of()).core().logging().level())
                .isEqualTo("WARN");
        assertThat(Configuration.load(null, Map.of(), Map.of("logging.level", "error")).core().logging())
                .isEqualTo(new LoggingConfig("ERROR", "text"));
        assertThat(Configuration.defaults().core().logging()).isEqualTo(new LoggingConfig(null, "text"));
        assertThatThrownBy(() -> Configuration.load(null, Map.of(), Map.of("logging.level", "loud")))
                .hasMessageContaining("logging").hasMessageContaining("level must be one of");
    }

    @Test
    void anotherStoreIsChosenByFlagsAloneWithoutTheDefaultStoresSettings() {
        Configuration configuration = Configuration.load(null, Map.of(), Map.of("store.type", "jdbc",
                "store.url", "jdbc:postgresql://127.0.0.1/theia", "store.user", "theia", "store.password", "secret"));
        List<ConfigProblem> problems = new ArrayList<>();

        DatabaseSettings store = configuration.bindStore(DatabaseSettings.class, "plugin db", problems);

        assertThat(problems).isEmpty();
        assertThat(configuration.storeType()).isEqualTo("jdbc");
        assertThat(store).isEqualTo(new DatabaseSettings("jdbc:postgresql://127.0.0.1/theia", "theia", "secret"));
    }

    @Test
    void anotherStoreIsChosenByTheEnvironment() {
        Configuration configuration = Configuration.load(null, Map.of("THEIA_STORE_TYPE", "jdbc",
                "THEIA_STORE_URL", "jdbc:postgresql://127.0.0.1/theia"), Map.of());
        List<ConfigProblem> problems = new ArrayList<>();

        DatabaseSettings store = configuration.bindStore(DatabaseSettings.class, "plugin db", problems);

        assertThat(problems).isEmpty();
        assertThat(store.url()).isEqualTo("jdbc:postgresql://127.0.0.1/theia");
    }

    @Test
    void switchingTheFilesStoreTypeByFlagLeavesTheFilesStoreSettingsBehind() throws Exception {
        Path file = write("""
                store:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1/theia
                """);
        Configuration configuration = Configuration.load(file, Map.of(), Map.of("store.type", "disk",
                "store.dataDir", "/var/theia"));
        List<ConfigProblem> problems = new ArrayList<>();

        DiskSettings store = configuration.bindStore(DiskSettings.class, "plugin disk", problems);

        assertThat(problems).isEmpty();
        assertThat(store.dataDir()).isEqualTo(Path.of("/var/theia"));
    }

    @Test
    void nestedSettingsAndListsFromEnvironmentAndFlags() {
        Configuration configuration = Configuration.of(null, "test",
                Map.of("THEIA_STORE_LIMITS_KEEP", "a, b,c", "THEIA_STORE_TYPE", "disk"),
                Map.of("store.limits.files", "9", "store.dataDir", "/d"));
        List<ConfigProblem> problems = new ArrayList<>();

        DiskSettings store = configuration.bindStore(DiskSettings.class, "plugin disk", problems);

        assertThat(problems).isEmpty();
        assertThat(configuration.storeType()).isEqualTo("disk");
        assertThat(store.limits()).isEqualTo(new Limits(9, List.of("a", "b", "c")));
    }

    @Test
    void aListGivenAsACollectionKeepsItsItemsWholeCommasIncluded() {
        Configuration configuration = Configuration.of(null, "test", Map.of("THEIA_STORE_TYPE", "disk"),
                Map.of("store.limits.keep", List.of("/opt/my,plugins", "b"), "store.dataDir", "/d"));
        List<ConfigProblem> problems = new ArrayList<>();

        DiskSettings store = configuration.bindStore(DiskSettings.class, "plugin disk", problems);

        assertThat(problems).isEmpty();
        assertThat(store.limits().keep()).containsExactly("/opt/my,plugins", "b");
    }

    @Test
    void typoIsReportedWithPathPluginAndAllowedKeys() throws Exception {
        Path file = write("""
                store:
                  type: disk
                  dataDri: /var/theia
                """);
        Configuration configuration = Configuration.load(file, Map.of(), Map.of());
        List<ConfigProblem> problems = new ArrayList<>();

        configuration.bindStore(DiskSettings.class, "plugin theia-store-disk (store type disk)", problems);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).hasToString("store.dataDri (plugin theia-store-disk (store type disk)): "
                + "unknown key 'dataDri'; allowed keys: dataDir, flushInterval, limits, maxFileBytes");
        assertThat(problems.get(1).path()).isEqualTo("store.dataDir");
        assertThat(problems.get(1).message()).startsWith("missing required value");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() throws Exception {
        Path file = write("""
                server:
                  port: many
                  colour: blue
                plugins:
                  directories: /not/a/list/but/fine
                store:
                  type: disk
                  flushInterval: soon
                  maxFileBytes: [1, 2]
                  limits:
                    files: x
                    extra: 1
                """);

        assertThatThrownBy(() -> Configuration.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems())
                        .extracting(ConfigProblem::path)
                        .containsExactlyInAnyOrder("server.colour", "server.port"))
                .hasMessageContaining("configuration file " + file)
                .hasMessageContaining("server.port (theia core): expected a whole number, got 'many'");

        Configuration lenient = Configuration.load(write("store: {type: disk, flushInterval: soon, "
                + "maxFileBytes: [1, 2], limits: {files: x, extra: 1}}"), Map.of(), Map.of());
        List<ConfigProblem> problems = new ArrayList<>();
        lenient.bindStore(DiskSettings.class, "plugin disk", problems);
        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "store.limits.extra", "store.dataDir", "store.flushInterval", "store.maxFileBytes",
                "store.limits.files");
        assertThat(problems).filteredOn(problem -> problem.path().equals("store.flushInterval"))
                .singleElement().extracting(ConfigProblem::message)
                .isEqualTo("expected a duration such as 500ms, 1s, 5m, 2h, got 'soon'");
    }

    @Test
    void refusedValuesAreReportedAtTheirKeyTogetherWithTheOtherProblemsAndTheirOrigin() throws Exception {
        Path file = write("store: {type: pool, poolSize: 0, colour: blue}\n");
        Configuration configuration = Configuration.load(file, Map.of("THEIA_STORE_BATCH_SIZE", "5000",
                "THEIA_STORE_NAME", "x", "THEIA_SERVR_PORT", "1", "THEIA_LOG_LEVEL", "DEBUG"), Map.of());
        List<ConfigProblem> problems = new ArrayList<>();

        configuration.bindStore(PoolSettings.class, "plugin pool", problems);

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactly("store.colour", "store.poolSize", "store.batchSize");
        assertThat(configuration.problems(problems)).hasMessage("""
                3 problems in configuration file %s:
                  - store.colour (plugin pool): unknown key 'colour'; allowed keys: batchSize, name, poolSize
                  - store.poolSize (plugin pool): must be at least 1, not 0
                  - store.batchSize (plugin pool): must be at most 4000, not 5000 (from environment variable \
                THEIA_STORE_BATCH_SIZE)""".formatted(file));
        assertThat(configuration.unusedVariables()).containsExactly("THEIA_SERVR_PORT");
    }

    @Test
    void recordValidationIsReported() {
        assertThatThrownBy(() -> Configuration.of(null, "test", Map.of(), Map.of("server.port", "70000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("1 problem in test:\n  - server.port (theia core): must be between 0 and 65535, not 70000 "
                        + "(from the command line)");
    }

    @Test
    void theTlsProviderIsAccpByDefaultReadsInAnyCaseAndRefusesOtherNames() {
        assertThat(Configuration.defaults().core().security().tls().provider()).isEqualTo(TlsProvider.ACCP);
        assertThat(Configuration.defaults().core().forward().tls().provider()).isEqualTo(TlsProvider.ACCP);
        assertThat(Configuration.defaults().core().forward().tls().enabled()).isFalse();

        Configuration configuration = Configuration.of(null, "test", Map.of("THEIA_SECURITY_TLS_PROVIDER", "JDK",
                "THEIA_TLS_PROVIDER", "jdk"), Map.of("forward.tls.provider", "jdk"));

        assertThat(configuration.core().security().tls().provider()).isEqualTo(TlsProvider.JDK);
        assertThat(configuration.core().forward().tls().provider()).isEqualTo(TlsProvider.JDK);
        assertThat(configuration.core().forward().tls().enabled()).as("the provider alone does not turn TLS on")
                .isFalse();
        assertThat(configuration.unusedVariables()).as("the clients' variable is no setting, and no mistake")
                .isEmpty();
        assertThatThrownBy(() -> Configuration.of(null, "test", Map.of(), Map.of("security.tls.provider", "boring")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("security.tls.provider");
    }

    @Test
    void compressionIsOffEverywhereByDefaultAndNamesEndpoints() {
        assertThat(Configuration.defaults().core().server().compression()).isEmpty();
        assertThat(Configuration.defaults().core().server().compresses("event")).isFalse();

        Configuration configuration = Configuration.of(null, "test", Map.of("THEIA_SERVER_COMPRESSION", "find, Live"),
                Map.of());

        assertThat(configuration.core().server().compression()).containsExactly("find", "live");
        assertThat(configuration.core().server().compresses("live")).isTrue();
        assertThat(configuration.core().server().compresses("event")).isFalse();
        assertThatThrownBy(() -> Configuration.of(null, "test", Map.of(), Map.of("server.compression", "all")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("server.compression (theia core): names an unknown endpoint 'all'; allowed: "
                        + "event, find, live");
    }

    @Test
    void theConsoleIsServedByDefaultAndTurnsOffFromTheFileOrTheEnvironment() throws Exception {
        assertThat(Configuration.defaults().core().server().console()).isTrue();

        assertThat(Configuration.load(write("server:\n  console: false\n"), Map.of(), Map.of()).core().server()
                .console()).isFalse();
        assertThat(Configuration.of(null, "test", Map.of("THEIA_SERVER_CONSOLE", "false"), Map.of()).core().server()
                .console()).isFalse();
    }

    @Test
    void invalidYamlNamesFileAndLine() throws Exception {
        Path file = write("server:\n  port: [1\n");

        assertThatThrownBy(() -> Configuration.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line ");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> Configuration.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("configuration file " + missing + " does not exist");
    }

    @Test
    void jsonFilesAreReadToo() throws Exception {
        Path file = dir.resolve("theia.json");
        Files.writeString(file, "{\"server\": {\"port\": 0}, \"store\": {\"type\": \"none\"}}");

        Configuration configuration = Configuration.load(file, Map.of(), Map.of());

        assertThat(configuration.core().server().port()).isZero();
        assertThat(configuration.storeType()).isEqualTo(Configuration.NO_STORE);
    }

    @Test
    void sourcesAreBoundByIndexWithNames() throws Exception {
        Path file = write("""
                sources:
                  - type: tick
                    name: ticker
                    dataDir: /a
                  - type: tick
                    dataDir: /b
                """);
        Configuration configuration = Configuration.load(file, Map.of("THEIA_SOURCES_1_DATA_DIR", "/env"),
                Map.of("sources[0].maxFileBytes", "5"));
        List<ConfigProblem> problems = new ArrayList<>();

        DiskSettings first = configuration.bindSource(0, DiskSettings.class, "plugin tick", problems);
        DiskSettings second = configuration.bindSource(1, DiskSettings.class, "plugin tick", problems);

        assertThat(problems).isEmpty();
        assertThat(configuration.sourceName(0)).isEqualTo("ticker");
        assertThat(configuration.sourceName(1)).isEqualTo("tick-1");
        assertThat(first.maxFileBytes()).isEqualTo(5L);
        assertThat(second.dataDir()).isEqualTo(Path.of("/env"));
    }

    @Test
    void forwardTypeWebsocketIsTodaysForwardingAndAnyOtherTypeIsAPluginsSection() {
        Configuration websocket = Configuration.of(ConfigMappers.json().createObjectNode().set("forward",
                ConfigMappers.json().createObjectNode().put("type", "websocket").put("host", "collector")),
                "test", Map.of(), Map.of());
        assertThat(websocket.agent()).isTrue();
        assertThat(websocket.forwarderType()).isEmpty();
        assertThat(websocket.core().forward().host()).isEqualTo("collector");

        Configuration kafka = Configuration.of(null, "test", Map.of("THEIA_FORWARD_TYPE", "kafka"),
                Map.of("forward.topic", "events"));
        List<ConfigProblem> problems = new ArrayList<>();
        TopicSettings settings = kafka.bindForwarder(TopicSettings.class, "plugin kafka", problems);
        assertThat(problems).isEmpty();
        assertThat(kafka.agent()).isTrue();
        assertThat(kafka.forwarderType()).contains("kafka");
        assertThat(kafka.core().forward().enabled()).isFalse();
        assertThat(kafka.core().server().enabled()).isFalse();
        assertThat(kafka.storeType()).isEqualTo(Configuration.NO_STORE);
        assertThat(settings.topic()).isEqualTo("events");
        assertThat(kafka.unusedFlags()).isEmpty();
    }

    /** A forwarder's settings. */
    record TopicSettings(String topic) {
    }

    @Test
    void flagForNoSettingIsReported() {
        Configuration configuration = Configuration.of(null, "test", Map.of(), Map.of("sever.port", "1"));

        assertThat(configuration.unusedFlags()).containsExactly(
                new ConfigProblem("sever.port", "command line", "no such setting"));
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
