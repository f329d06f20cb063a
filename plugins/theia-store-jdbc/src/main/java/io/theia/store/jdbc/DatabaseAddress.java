package io.theia.store.jdbc;

import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where a JDBC URL points: hosts, ports and database, for messages. Never carries the URL's properties, which may
 * hold a password. Immutable.
 *
 * @param hosts {@code host:port}, comma-separated when the URL lists several
 * @param database the database name
 */
record DatabaseAddress(String hosts, String database) {

    /**
     * Parses a PostgreSQL JDBC URL as the driver does.
     *
     * @throws IllegalArgumentException when the driver cannot parse it
     */
    static DatabaseAddress of(String url) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalArgumentException("url: '" + withoutProperties(url) + "' is not a PostgreSQL JDBC URL");
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            if (i > 0) {
                joined.append(',');
            }
            joined.append(hosts[i]).append(':').append(i < ports.length ? ports[i] : ports[ports.length - 1]);
        }
        return new DatabaseAddress(joined.toString(), parsed.getProperty("PGDBNAME", ""));
    }

    /** A URL without its {@code ?properties} part, safe to show. */
    static String withoutProperties(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    /** {@code database 'db' on host:port}. */
    @Override
    public String toString() {
        return "database '" + database + "' on " + hosts;
    }
}
