package io.theia.store.jdbc;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one search, read through a server-side cursor: the connection stays in a transaction with a fetch
 * size, so the driver holds at most {@link #FETCH_SIZE} rows at a time. Holds its pooled connection until closed,
 * or until the last row has been read. Filters rows by the query's patterns (RE2/J, in Java). Read by one thread;
 * {@link #close()} may come from any.
 */
final class SearchCursor extends Spliterators.AbstractSpliterator<Event> implements AutoCloseable {

    /** Rows fetched per round trip: bounds the memory a search holds. */
    static final int FETCH_SIZE = 256;

    private static final Logger LOG = LoggerFactory.getLogger(SearchCursor.class);

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final EventQuery query;
    private final String where;
    private final Runnable onClose;
    private boolean closed;
    private boolean aborted;

    private SearchCursor(Connection connection, PreparedStatement statement, ResultSet rows, EventQuery query,
            String where, Runnable onClose) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.query = query;
        this.where = where;
        this.onClose = onClose;
    }

    /**
     * Runs the query's SQL on a connection that this cursor then owns; closes the connection if that fails.
     *
     * @param where names the table and database, for messages
     */
    static SearchCursor open(Connection connection, SearchSql sql, EventQuery query, String where,
            Runnable onClose) throws SQLException {
        try {
            connection.setAutoCommit(false);
            PreparedStatement statement = connection.prepareStatement(sql.text(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_SIZE);
            sql.bind(statement, connection);
            ResultSet rows = statement.executeQuery();
            return new SearchCursor(connection, statement, rows, query, where, onClose);
        } catch (SQLException | RuntimeException e) {
            quietly(connection::rollback);
            quietly(connection::close);
            throw e;
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super Event> action) {
        Event match = null;
        synchronized (this) {
            if (closed) {
                if (aborted) {
                    throw new EventStoreException("the jdbc store on " + where + " was closed during this search");
                }
                return false;
            }
            try {
                while (match == null && rows.next()) {
                    Event event = EventRows.read(rows);
                    if (query.matches(event)) {
                        match = event;
                    }
                }
            } catch (SQLException e) {
                close();
                throw new EventReadException("reading search results from " + where + " failed: " + e.getMessage(),
                        e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (match == null) {
                close();
                return false;
            }
        }
        action.accept(match);
        return true;
    }

    /** Closes the cursor because the store closes: reading on fails instead of seeming to end. */
    synchronized void abort() {
        aborted = !closed;
        close();
    }

    /** Ends the transaction and returns the connection to the pool; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        quietly(rows::close);
        quietly(statement::close);
        quietly(connection::rollback);
        quietly(connection::close);
        onClose.run();
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Closing a search cursor: {}", e.toString());
        }
    }
}
