package io.theia.store.jdbc;

import io.theia.api.plugin.InvalidSettingsException;
import io.theia.api.plugin.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of a {@code jdbc} store, as written in the {@code store} section of the configuration.
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once, in one
 * {@link IllegalArgumentException} whose message names each key. {@link #toString()} never shows the password.
 *
 * @param url the PostgreSQL JDBC URL, {@code jdbc:postgresql://host[:port]/database[?properties]}
 * @param user the database user; absent: the driver's default (the URL's {@code user} property)
 * @param password the password; prefer {@code passwordEnv} so that it is not written in the configuration file
 * @param passwordEnv the name of an environment variable holding the password; give this or {@code password}
 * @param table the events table (default {@value #DEFAULT_TABLE}): a lower-case SQL identifier of at most
 *     {@value #MAX_TABLE_LENGTH} characters; it is created in the connection's current schema
 * @param poolSize the most connections the store holds (default {@value #DEFAULT_POOL_SIZE}); an open search
 *     stream holds one until it is closed
 * @param batchSize the most events in one INSERT statement (default {@value #DEFAULT_BATCH_SIZE}, at most
 *     {@value #MAX_BATCH_SIZE}); a larger {@code saveAll} is split into several statements of one transaction
 */
public record JdbcStoreConfig(
        @Required String url, String user, String password, String passwordEnv, String table, Integer poolSize,
        Integer batchSize) {

    /** The table used when none is configured. */
    public static final String DEFAULT_TABLE = "theia_events";
    /** The pool size used when none is configured. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** The batch size used when none is configured. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The largest batch size: 7 parameters a row must stay under PostgreSQL's 32767 parameters a statement. */
    public static final int MAX_BATCH_SIZE = 4000;
    /** The longest table name, leaving room for the suffixes of its index names within 63 characters. */
    public static final int MAX_TABLE_LENGTH = 48;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Applies the defaults and checks every value. */
    public JdbcStoreConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        if (url == null || url.isBlank()) {
            problems.add(new InvalidSettingsException.Problem("url",
                    "give the JDBC URL, e.g. jdbc:postgresql://db.example.com:5432/theia"));
        } else if (!url.startsWith("jdbc:postgresql:")) {
            problems.add(new InvalidSettingsException.Problem("url", "must start with 'jdbc:postgresql:', not '"
                    + DatabaseAddress.withoutProperties(url) + "'"));
        }
        if (password != null && passwordEnv != null) {
            problems.add(new InvalidSettingsException.Problem("passwordEnv", "give password or passwordEnv, not both"));
        }
        if (passwordEnv != null && passwordEnv.isBlank()) {
            problems.add(new InvalidSettingsException.Problem("passwordEnv", "must name an environment variable"));
        }
        table = table == null ? DEFAULT_TABLE : table;
        if (!IDENTIFIER.matcher(table).matches() || table.length() > MAX_TABLE_LENGTH) {
            problems.add(new InvalidSettingsException.Problem("table", "must be a lower-case SQL identifier (letters "
                    + "a-z, digits, '_', not starting with a digit) of at most " + MAX_TABLE_LENGTH + " characters, not '"
                    + table + "'"));
        }
        poolSize = poolSize == null ? DEFAULT_POOL_SIZE : poolSize;
        if (poolSize < 1) {
            problems.add(new InvalidSettingsException.Problem("poolSize", "must be at least 1, not " + poolSize));
        }
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            problems.add(new InvalidSettingsException.Problem("batchSize", "must be between 1 and " + MAX_BATCH_SIZE
                    + ", not " + batchSize));
        }
        InvalidSettingsException.throwIfAny(problems);
    }

    /** Settings with only a URL, every other value defaulted. */
    public static JdbcStoreConfig of(String url) {
        return new JdbcStoreConfig(url, null, null, null, null, null, null);
    }

    /** These settings with another table. */
    public JdbcStoreConfig withTable(String newTable) {
        return new JdbcStoreConfig(url, user, password, passwordEnv, newTable, poolSize, batchSize);
    }

    /**
     * The password to connect with: {@code password}, or the value of the variable {@code passwordEnv} names, or
     * {@code null} for none (the URL's, or none).
     *
     * @throws IllegalStateException when {@code passwordEnv} names a variable that is not set
     */
    String resolvePassword(Map<String, String> environment) {
        if (passwordEnv == null) {
            return password;
        }
        String value = environment.get(passwordEnv);
        if (value == null) {
            throw new IllegalStateException("the environment variable " + passwordEnv
                    + " (store setting passwordEnv) is not set");
        }
        return value;
    }

    /** Shows every setting but the password. */
    @Override
    public String toString() {
        return "JdbcStoreConfig[url=" + DatabaseAddress.withoutProperties(url) + ", user=" + user + ", password="
                + (password == null ? "none" : "***") + ", passwordEnv=" + passwordEnv + ", table=" + table
                + ", poolSize=" + poolSize + ", batchSize=" + batchSize + "]";
    }
}
