package io.theia.store.jdbc;

import io.theia.api.store.EventQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a search: time range, tags (array containment, served by the GIN index), order and, when no pattern
 * is left to filter in Java, the limit. Patterns are not translated to SQL: RE2 and PostgreSQL regular
 * expressions differ, so they are matched in Java on the rows the SQL returns. Immutable.
 *
 * @param text the statement
 * @param parameters its parameters in order: {@code Long} nanoseconds, {@code String[]} tags, {@code Long} limit
 */
record SearchSql(String text, List<Object> parameters) {

    /** The SQL for a query on a table. */
    static SearchSql of(String table, EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(EventRows.COLUMNS).append(" FROM ").append(table);
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        query.start().ifPresent(start -> {
            conditions.add("ts_nanos >= ?");
            parameters.add(EventRows.saturatedNanos(start));
        });
        query.end().ifPresent(end -> {
            conditions.add("ts_nanos <= ?");
            parameters.add(EventRows.saturatedNanos(end));
        });
        if (!query.tags().isEmpty()) {
            conditions.add("tags @> ?::text[]");
            parameters.add(query.tags().toArray(new String[0]));
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ts_nanos ").append(query.order() == EventQuery.Order.DESC ? "DESC" : "ASC");
        if (query.limit() != Long.MAX_VALUE && !filtersInJava(query)) {
            sql.append(" LIMIT ?");
            parameters.add(query.limit());
        }
        return new SearchSql(sql.toString(), List.copyOf(parameters));
    }

    /** Whether rows must still be matched in Java: the query has a content, source or id pattern. */
    static boolean filtersInJava(EventQuery query) {
        return query.content().isPresent() || query.source().isPresent() || query.id().isPresent();
    }

    /** Sets the parameters on the statement. */
    void bind(PreparedStatement statement, Connection connection) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof String[] strings) {
                statement.setArray(i + 1, connection.createArrayOf("text", strings));
            } else {
                statement.setLong(i + 1, (Long) value);
            }
        }
    }
}
