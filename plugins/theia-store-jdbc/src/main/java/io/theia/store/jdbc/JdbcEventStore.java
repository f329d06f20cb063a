package io.theia.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventStore} in one PostgreSQL table, through a HikariCP pool. Several stores (collectors) may share
 * one table: the database is the only state.
 *
 * <p>Durability: synchronous, as PostgreSQL's {@code synchronous_commit} setting makes commits (on by default).
 * {@code saveAll} is one transaction: all of the batch or nothing. Searches stream through a server-side cursor
 * and hold a pooled connection until their stream is closed. When the database goes away, operations fail with
 * {@link EventWriteException} / {@link EventReadException}; the pool replaces its connections once it is back.
 * Thread-safe.
 */
public final class JdbcEventStore implements EventStore {

    /** How long an operation waits for a pooled connection (e.g. while the database is down) before failing. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);

    private final HikariDataSource pool;
    private final String table;
    private final String where;
    private final int batchSize;
    private final String insertSql;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<SearchCursor> cursors = ConcurrentHashMap.newKeySet();

    private JdbcEventStore(HikariDataSource pool, JdbcStoreConfig config, DatabaseAddress address) {
        this.pool = pool;
        this.table = config.table();
        this.where = "table " + table + " in " + address;
        this.batchSize = config.batchSize();
        this.insertSql = EventRows.insertSql(table);
    }

    /**
     * Connects, creates or migrates the table, and returns the open store.
     *
     * @param environment where {@code passwordEnv} is looked up
     * @throws EventStoreException naming host and database when the database cannot be reached, refuses the
     *     credentials or the table cannot be set up; never showing the password
     */
    public static JdbcEventStore open(JdbcStoreConfig config, Map<String, String> environment) {
        DatabaseAddress address;
        String password;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            address = DatabaseAddress.of(config.url());
            password = config.resolvePassword(environment);
            dataSource.setURL(config.url());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new EventStoreException("cannot open the jdbc store: " + e.getMessage());
        }
        if (config.user() != null) {
            dataSource.setUser(config.user());
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        if (dataSource.getApplicationName() == null || dataSource.getApplicationName().startsWith("PostgreSQL")) {
            dataSource.setApplicationName("theia");
        }
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setDataSource(dataSource);
        poolConfig.setPoolName("theia-jdbc-" + config.table());
        poolConfig.setMaximumPoolSize(config.poolSize());
        poolConfig.setMinimumIdle(Math.min(2, config.poolSize()));
        poolConfig.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        poolConfig.setAutoCommit(true);
        String who = " as user '" + (dataSource.getUser() == null ? System.getProperty("user.name")
                : dataSource.getUser()) + "'";
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig);
        } catch (RuntimeException e) {
            throw new EventStoreException("cannot connect to PostgreSQL " + address + who + ": "
                    + rootMessage(e), e);
        }
        try (Connection connection = pool.getConnection()) {
            int before = new Schema(config.table()).migrate(connection);
            LOG.info("jdbc store open: table {} in {} (schema version {}{})", config.table(), address,
                    Schema.CURRENT_VERSION, before == 0 ? ", created now"
                            : before < Schema.CURRENT_VERSION ? ", migrated from " + before : "");
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new EventStoreException("cannot set up table " + config.table() + " in PostgreSQL " + address
                    + who + ": " + rootMessage(e), e);
        }
        return new JdbcEventStore(pool, config, address);
    }

    @Override
    public void saveAll(List<Event> events) {
        ensureOpen();
        if (events.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (Event event : events) {
            if (!ids.add(event.id())) {
                throw new EventWriteException("event id '" + event.id() + "' appears twice in the batch; nothing of "
                        + "the batch was saved");
            }
        }
        List<EventRows.Batch> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            chunks.add(EventRows.Batch.of(events.subList(from, Math.min(events.size(), from + batchSize))));
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (EventRows.Batch chunk : chunks) {
                    if (insert(connection, chunk) < chunk.ids().length) {
                        connection.rollback();
                        throw duplicates(connection, chunk.ids());
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new EventWriteException("saving " + events.size() + " event(s) (first id '" + events.get(0).id()
                    + "') to " + where + " failed, nothing of the batch was saved: " + e.getMessage(), e);
        }
    }

    private int insert(Connection connection, EventRows.Batch chunk) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            insert.setArray(1, connection.createArrayOf("text", chunk.ids()));
            insert.setArray(2, connection.createArrayOf("bigint", chunk.nanos()));
            insert.setArray(3, connection.createArrayOf("text", chunk.sources()));
            insert.setArray(4, connection.createArrayOf("text", chunk.tags()));
            insert.setArray(5, connection.createArrayOf("text", chunk.contents()));
            insert.setArray(6, connection.createArrayOf("text", chunk.headerNames()));
            insert.setArray(7, connection.createArrayOf("text", chunk.headerValues()));
            return insert.executeUpdate();
        }
    }

    /**
     * The exception for a chunk some of whose ids were already stored (looked up after the rollback): a
     * {@link DuplicateEventException} naming them, or, when none of them is stored any more (deleted meanwhile), a
     * plain {@link EventWriteException}, since the batch may be saved when tried again.
     */
    private EventWriteException duplicates(Connection connection, String[] ids) throws SQLException {
        List<String> taken = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM " + table + " WHERE id = ANY(?::text[])")) {
            query.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next() && taken.size() < 10) {
                    taken.add(rows.getString(1));
                }
            }
        }
        connection.commit();
        if (taken.isEmpty()) {
            return new EventWriteException("an id of the batch was stored by someone else meanwhile, and is "
                    + "gone again; nothing of the batch was saved");
        }
        return new DuplicateEventException(taken, "event id(s) already stored: "
                + String.join(", ", taken.stream().map(id -> "'" + id + "'").toList())
                + "; nothing of the batch was saved");
    }

    @Override
    public Event get(String id) {
        ensureOpen();
        try (Connection connection = pool.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT " + EventRows.COLUMNS + " FROM " + table + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new EventNotFoundException(id);
                }
                return EventRows.read(row);
            }
        } catch (SQLException e) {
            throw new EventReadException("reading event '" + id + "' from " + where + " failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        try (Connection connection = pool.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new EventWriteException("deleting event '" + id + "' from " + where + " failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        ensureOpen();
        SearchCursor cursor;
        try {
            Connection connection = pool.getConnection();
            SearchCursor[] self = new SearchCursor[1];
            cursor = SearchCursor.open(connection, SearchSql.of(table, query), query, where,
                    () -> cursors.remove(self[0]));
            self[0] = cursor;
            cursors.add(cursor);
        } catch (SQLException e) {
            throw new EventReadException("searching " + where + " for " + query + " failed: " + e.getMessage(), e);
        }
        Stream<Event> events = StreamSupport.stream(cursor, false).onClose(cursor::close);
        return SearchSql.filtersInJava(query) && query.limit() != Long.MAX_VALUE ? events.limit(query.limit())
                : events;
    }

    /** Ends open searches and closes the pool; idempotent. */
    /** Completed at once: {@code saveAll} returns after its transaction committed (see the class description). */
    @Override
    public CompletionStage<Void> whenDurable() {
        ensureOpen();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        for (SearchCursor cursor : List.copyOf(cursors)) {
            cursor.abort();
        }
        pool.close();
        LOG.info("jdbc store closed: {}", where);
    }

    @Override
    public String toString() {
        return "JdbcEventStore[" + where + "]";
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new EventStoreException("the jdbc store on " + where + " is closed");
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", e.toString());
        }
    }

    /** The innermost message: the driver's own words (it never includes the password). */
    private static String rootMessage(Throwable error) {
        String message = error.toString();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
