package io.theia.store.jdbc;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the conformance kit does not cover: schema, SQL push-down, limits of PostgreSQL text, batching. */
class JdbcEventStoreTest {

    private final TestPostgres postgres = TestPostgres.shared();

    @Test
    void schemaIsCreatedWithItsVersionRecordedAndReopeningDoesNotMigrateAgain() throws Exception {
        String table = TestPostgres.newTable("schema");
        try (JdbcEventStore store = JdbcEventStore.open(postgres.config(table), Map.of())) {
            store.save(event("a", 1, "x", "t"));
        }
        try (JdbcEventStore store = JdbcEventStore.open(postgres.config(table), Map.of())) {
            assertThat(store.get("a").tags()).containsExactly("t");
        }
        assertThat(query("SELECT version FROM theia_schema_version WHERE table_name = '" + table + "'"))
                .containsExactly("1");
        assertThat(query("SELECT indexname FROM pg_indexes WHERE tablename = '" + table + "' ORDER BY 1"))
                .containsExactly(table + "_pkey", table + "_source_idx", table + "_tags_idx", table + "_ts_idx");
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE indexname = '" + table + "_tags_idx'"))
                .singleElement().asString().contains("USING gin (tags)");
        // not a hash index: with most events under a few sources its overflow chains made ingest 7x slower
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE indexname = '" + table + "_source_idx'"))
                .singleElement().asString().contains("USING btree (source)");
        assertThat(query("SELECT data_type FROM information_schema.columns WHERE table_name = '" + table
                + "' AND column_name = 'ts_nanos'")).containsExactly("bigint");
    }

    @Test
    void aTableWithANewerSchemaIsRefused() throws Exception {
        String table = TestPostgres.newTable("newer");
        JdbcEventStore.open(postgres.config(table), Map.of()).close();
        execute("UPDATE theia_schema_version SET version = 99 WHERE table_name = '" + table + "'");

        assertThatThrownBy(() -> JdbcEventStore.open(postgres.config(table), Map.of()))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining(table);
    }

    @Test
    void storesStartingAtOnceOnANewTableBothSucceed() throws Exception {
        String table = TestPostgres.newTable("race");
        List<JdbcEventStore> stores = IntStream.range(0, 4).parallel()
                .mapToObj(i -> JdbcEventStore.open(postgres.config(table), Map.of())).collect(Collectors.toList());
        stores.get(0).save(event("one", 1, "x"));
        assertThat(stores.get(3).get("one").content()).isEqualTo("x");
        stores.forEach(JdbcEventStore::close);
    }

    @Test
    void timestampsAreExactToTheNanosecondIncludingTheEpoch() {
        try (JdbcEventStore store = open("nanos")) {
            Event epoch = new Event("epoch", Instant.EPOCH, "s", List.of(), "");
            Event late = new Event("late", Instant.parse("2262-04-11T23:47:16.854775807Z"), "s", List.of(), "");
            store.saveAll(List.of(epoch, late));

            assertThat(store.get("epoch").timestamp()).isEqualTo(Instant.EPOCH);
            assertThat(store.get("late").timestamp()).isEqualTo(late.timestamp());
            assertThatThrownBy(() -> store.save(new Event("too-late", Instant.parse("2262-04-12T00:00:00Z"), "s",
                    List.of(), ""))).isInstanceOf(EventWriteException.class).hasMessageContaining("too-late");
        }
    }

    @Test
    void headersKeepTheirOrderAndEmptyValues() {
        try (JdbcEventStore store = open("headers")) {
            java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("z-last-alphabetically", "first");
            headers.put("empty", "");
            headers.put("a", "with, comma and {braces} \"quotes\" \\ backslash");
            Event event = new Event("h", Instant.ofEpochSecond(5), "src", List.of("x", "y"), "c", headers);
            Event onlyEmpty = new Event("e", Instant.ofEpochSecond(6), "src", List.of(), "c", Map.of("k", ""));
            store.saveAll(List.of(event, onlyEmpty));

            assertThat(store.get("h").headers()).containsExactlyEntriesOf(headers);
            assertThat(store.get("e").headers()).containsExactlyEntriesOf(Map.of("k", ""));
            assertThat(store.get("e").tags()).isEmpty();
        }
    }

    @Test
    void contentWithANulCharacterIsRefusedNamingTheEventAndNothingOfTheBatchIsSaved() {
        try (JdbcEventStore store = open("nul")) {
            assertThatThrownBy(() -> store.saveAll(List.of(event("fine", 1, "ok"), event("bad", 2, "a\0b"))))
                    .isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("bad")
                    .hasMessageContaining("U+0000");
            assertThat(search(store, EventQuery.all())).isEmpty();
        }
    }

    @Test
    void aBatchLargerThanTheBatchSizeIsOneTransaction() {
        String table = TestPostgres.newTable("chunks");
        JdbcStoreConfig small = new JdbcStoreConfig(postgres.url(), "postgres", null, null, table, 2, 7);
        try (JdbcEventStore store = JdbcEventStore.open(small, Map.of())) {
            List<Event> batch = IntStream.range(0, 50).mapToObj(i -> event("e" + i, i, "x"))
                    .collect(Collectors.toList());
            store.save(event("e42", 100, "taken"));

            assertThatThrownBy(() -> store.saveAll(batch)).isInstanceOf(EventWriteException.class)
                    .hasMessageContaining("'e42'");
            assertThat(search(store, EventQuery.all())).extracting(Event::id).containsExactly("e42");

            store.delete("e42");
            store.saveAll(batch);
            assertThat(search(store, EventQuery.all())).hasSize(50);
        }
    }

    @Test
    void rangeTagsOrderAndLimitGoToSqlAndPatternsAreRe2Semantics() {
        try (JdbcEventStore store = open("pushdown")) {
            store.saveAll(IntStream.range(0, 100).mapToObj(i -> event("e" + i, i, i % 2 == 0 ? "even" : "odd",
                    i % 3 == 0 ? new String[] {"three"} : new String[0])).collect(Collectors.toList()));
            EventQuery query = EventQuery.builder().start(Instant.ofEpochSecond(io.theia.api.testkit.TestEvents
                    .BASE_SECOND + 10)).tags("three").order(EventQuery.Order.DESC).limit(3).build();

            assertThat(SearchSql.of("t", query).text()).isEqualTo("SELECT " + EventRows.COLUMNS
                    + " FROM t WHERE ts_nanos >= ? AND tags @> ?::text[] ORDER BY ts_nanos DESC LIMIT ?");
            assertThat(search(store, query)).extracting(Event::id).containsExactly("e99", "e96", "e93");
            // the limit counts matches of the pattern, so it is applied in Java, after the filter
            EventQuery withPattern = query.toBuilder().content("^ev").build();
            assertThat(SearchSql.of("t", withPattern).text()).doesNotContain("LIMIT");
            assertThat(search(store, withPattern)).extracting(Event::id).containsExactly("e96", "e90", "e84");
            // RE2 syntax, matched in Java: PostgreSQL's own regular expressions are a different dialect
            assertThat(search(store, EventQuery.builder().content("(?i)^ODD$").limit(2).build()))
                    .extracting(Event::id).containsExactly("e1", "e3");
        }
    }

    @Test
    void aSearchHoldsOneConnectionUntilClosedAndAFullyReadOneGivesItBack() {
        String table = TestPostgres.newTable("cursor");
        JdbcStoreConfig onePool = new JdbcStoreConfig(postgres.url(), "postgres", null, null, table, 1, null);
        try (JdbcEventStore store = JdbcEventStore.open(onePool, Map.of())) {
            store.saveAll(IntStream.range(0, 1000).mapToObj(i -> event("e" + i, i, "x")).collect(Collectors.toList()));
            // fully read without close: the cursor gives its connection back at the end
            assertThat(store.search(EventQuery.all()).count()).isEqualTo(1000);
            try (Stream<Event> open = store.search(EventQuery.all())) {
                assertThat(open.iterator().next().id()).isEqualTo("e0");
                assertThatThrownBy(() -> store.get("e1")).isInstanceOf(EventStoreException.class)
                        .hasMessageContaining(table);
            }
            assertThat(store.get("e1").id()).isEqualTo("e1");
        }
    }

    @Test
    void closingTheStoreEndsOpenSearches() {
        JdbcEventStore store = open("close-open");
        store.saveAll(IntStream.range(0, 600).mapToObj(i -> event("e" + i, i, "x")).collect(Collectors.toList()));
        Stream<Event> open = store.search(EventQuery.all());
        java.util.Iterator<Event> iterator = open.iterator();
        iterator.next();

        store.close();

        assertThatThrownBy(() -> {
            while (iterator.hasNext()) {
                iterator.next();
            }
        }).isInstanceOf(EventStoreException.class);
        open.close();
    }

    private JdbcEventStore open(String hint) {
        return JdbcEventStore.open(postgres.config(TestPostgres.newTable(hint)), Map.of());
    }

    private static List<Event> search(JdbcEventStore store, EventQuery query) {
        try (Stream<Event> events = store.search(query)) {
            return events.collect(Collectors.toList());
        }
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url(), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
